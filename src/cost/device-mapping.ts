/**
 * Which catalog GPU a calibration profile measured: rules over the WebGPU adapter's strings
 * (vendor, device, description as Dawn reports them from the Vulkan driver). The rules are the
 * contract written in calibration/README.md; a device they do not recognise maps to no catalog GPU
 * (`gpufleet calibrate --as GPU` names it), and a CPU driver (lavapipe, SwiftShader, any fallback
 * adapter) never maps: it is no GPU of the catalog, whatever it emulates.
 */
import type { GpuName } from "../model/gpus.js";

/** What the adapter reported (the profile's `adapter` block, or the live GPUAdapterInfo). */
export interface AdapterStrings {
  vendor: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
}

/** One mapping rule: all of `match` found in the adapter's text (and none of `unless`) gives `gpu`. */
export interface DeviceRule {
  /** Catalog GPU the rule gives. */
  gpu: GpuName;
  /** Regular expressions that must all match the lower-cased adapter text. */
  match: readonly RegExp[];
  /** Regular expressions that must not match (e.g. the 40 GB A100 is not the catalog's 80 GB part). */
  unless?: readonly RegExp[];
  /** Example adapter name the rule is for (documentation and tests). */
  example: string;
}

/**
 * The rules, first match wins. Names are those NVIDIA's and AMD's drivers report (nvidia-smi and
 * Vulkan agree on them): "NVIDIA H100 80GB HBM3" is the SXM5 part (the PCIe and NVL parts say so in
 * their names and are not in the catalog), "NVIDIA A100-SXM4-80GB" / "NVIDIA A100 80GB PCIe" the
 * 80 GB A100 (the 40 GB part is not in the catalog).
 */
export const deviceRules: readonly DeviceRule[] = [
  { gpu: "H200", match: [/\bh200\b/], example: "NVIDIA H200" },
  { gpu: "B200", match: [/\bb200\b/], example: "NVIDIA B200" },
  { gpu: "H100-SXM", match: [/\bh100\b/], unless: [/pcie/, /\bnvl\b/], example: "NVIDIA H100 80GB HBM3" },
  { gpu: "A100-80G", match: [/\ba100\b/, /80\s*gb/], example: "NVIDIA A100-SXM4-80GB" },
  { gpu: "MI300X", match: [/mi300x/], example: "AMD Instinct MI300X" },
  { gpu: "L4", match: [/\bl4\b/], example: "NVIDIA L4" },
  { gpu: "V100M32", match: [/\bv100\b/, /32\s*gb/], example: "Tesla V100-SXM2-32GB" },
  { gpu: "V100M16", match: [/\bv100\b/], example: "Tesla V100-SXM2-16GB" },
  { gpu: "P100", match: [/\bp100\b/], example: "Tesla P100-PCIE-16GB" },
  { gpu: "T4", match: [/\bt4\b/], example: "Tesla T4" },
  { gpu: "A10", match: [/\ba10\b/], example: "NVIDIA A10" },
];

/** CPU Vulkan drivers: they run WGSL on the host's cores and are no catalog GPU. */
const CPU_DRIVER = /llvmpipe|lavapipe|\blvp\b|swiftshader/;

/** How a profile's device was identified. */
export type DeviceMatch =
  | { gpu: GpuName; rule: string }
  | { gpu: null; rule: "cpu-driver" | "unrecognised" };

/** The catalog GPU an adapter is, by the first rule that matches, or null with the reason. */
export function catalogGpuOfAdapter(adapter: AdapterStrings): DeviceMatch {
  const text = `${adapter.vendor} ${adapter.device} ${adapter.description}`.toLowerCase().replace(/[_-]/g, " ");
  if (adapter.isFallbackAdapter || CPU_DRIVER.test(text)) return { gpu: null, rule: "cpu-driver" };
  for (const rule of deviceRules) {
    if (rule.match.every((re) => re.test(text)) && !(rule.unless ?? []).some((re) => re.test(text))) {
      return { gpu: rule.gpu, rule: rule.example };
    }
  }
  return { gpu: null, rule: "unrecognised" };
}
