/**
 * GPU catalog: the hardware numbers the cost, memory, power and price models start from.
 *
 * Sources: vendor data sheets (NVIDIA H100/H200/B200/A100/L4/V100/P100/T4/A10 product briefs,
 * AMD Instinct MI300X data sheet). FLOP/s are dense (no structured sparsity), tensor-core peaks
 * for 16-bit and 8-bit types. `hbmBytes` uses the marketed capacity in GiB for HBM parts.
 * `nvlinkBytesPerS` is the total bidirectional NVLink/Infinity Fabric bandwidth per GPU (0 for PCIe
 * parts). `pricePerHour` is an indicative on-demand cloud price in USD per GPU-hour (late 2025
 * list prices, rounded); override it per scenario for your own contracts.
 * G1, G2 and G3 are the anonymized GPU models of the Alibaba GPU v2023 (openb) trace; their specs
 * are not published, so their figures are nominal (marked `specsPublished: false`).
 */

const GiB = 2 ** 30;
const GB = 1e9;
const TFLOPS = 1e12;

/** Peak FLOP/s per data type. */
export interface PeakFlops {
  /** FP32 (CUDA cores, non-tensor) FLOP/s. */
  fp32: number;
  /** 16-bit tensor (BF16/FP16) dense FLOP/s. */
  bf16: number;
  /** 8-bit tensor dense FLOP/s (equal to bf16 on parts without FP8/INT8 tensor support). */
  fp8: number;
}

/**
 * The chip's architecture generation. Kernels written for one generation's instructions can run
 * far below peak on a newer one (FlashAttention-2's Ampere mma.sync code reaches 73 % of an A100's
 * bf16 peak and 34-37 % of an H100's: cost/llm-iteration.ts), so the cost model needs to know it.
 */
export type GpuArchitecture = "pascal" | "volta" | "turing" | "ampere" | "ada" | "hopper" | "blackwell" | "cdna3" | "unknown";

/** One GPU model's hardware description. */
export interface GpuSpec {
  /** Catalog name, as scenarios write it. */
  name: string;
  /** Vendor. */
  vendor: "nvidia" | "amd" | "unknown";
  /** Architecture generation. */
  architecture: GpuArchitecture;
  /** Peak FLOP/s per data type. */
  peakFlopsPerS: PeakFlops;
  /** HBM (or GDDR) capacity in bytes. */
  hbmBytes: number;
  /** Memory bandwidth in bytes/s. */
  hbmBytesPerS: number;
  /** Board power (TDP) in watts. */
  tdpWatts: number;
  /** Idle power in watts (about 10-15 % of TDP on data-center parts). */
  idleWatts: number;
  /** Total NVLink / Infinity Fabric bandwidth per GPU in bytes/s (0 when the part has none). */
  nvlinkBytesPerS: number;
  /** Host link (PCIe) bandwidth per direction in bytes/s. */
  pcieBytesPerS: number;
  /** Indicative on-demand price per GPU-hour in USD. */
  pricePerHour: number;
  /** False for anonymized trace models whose figures are nominal. */
  specsPublished: boolean;
}

function gpu(spec: Omit<GpuSpec, "specsPublished"> & { specsPublished?: boolean }): GpuSpec {
  return { specsPublished: true, ...spec };
}

const PCIE3 = 16 * GB;
const PCIE4 = 32 * GB;
const PCIE5 = 64 * GB;

/** The catalog, keyed by name. Adding an entry makes it valid in scenarios. */
export const gpuCatalog = {
  "H100-SXM": gpu({
    name: "H100-SXM", vendor: "nvidia", architecture: "hopper",
    peakFlopsPerS: { fp32: 67 * TFLOPS, bf16: 989 * TFLOPS, fp8: 1979 * TFLOPS },
    hbmBytes: 80 * GiB, hbmBytesPerS: 3.35e12, tdpWatts: 700, idleWatts: 90,
    nvlinkBytesPerS: 900 * GB, pcieBytesPerS: PCIE5, pricePerHour: 2.5,
  }),
  H200: gpu({
    name: "H200", vendor: "nvidia", architecture: "hopper",
    peakFlopsPerS: { fp32: 67 * TFLOPS, bf16: 989 * TFLOPS, fp8: 1979 * TFLOPS },
    hbmBytes: 141 * GB, hbmBytesPerS: 4.8e12, tdpWatts: 700, idleWatts: 90,
    nvlinkBytesPerS: 900 * GB, pcieBytesPerS: PCIE5, pricePerHour: 3.5,
  }),
  B200: gpu({
    name: "B200", vendor: "nvidia", architecture: "blackwell",
    peakFlopsPerS: { fp32: 75 * TFLOPS, bf16: 2250 * TFLOPS, fp8: 4500 * TFLOPS },
    hbmBytes: 180 * GB, hbmBytesPerS: 7.7e12, tdpWatts: 1000, idleWatts: 140,
    nvlinkBytesPerS: 1800 * GB, pcieBytesPerS: PCIE5, pricePerHour: 6,
  }),
  "A100-80G": gpu({
    name: "A100-80G", vendor: "nvidia", architecture: "ampere",
    peakFlopsPerS: { fp32: 19.5 * TFLOPS, bf16: 312 * TFLOPS, fp8: 624 * TFLOPS }, // fp8 column: INT8 tensor
    hbmBytes: 80 * GiB, hbmBytesPerS: 2.039e12, tdpWatts: 400, idleWatts: 55,
    nvlinkBytesPerS: 600 * GB, pcieBytesPerS: PCIE4, pricePerHour: 1.8,
  }),
  L4: gpu({
    name: "L4", vendor: "nvidia", architecture: "ada",
    peakFlopsPerS: { fp32: 30.3 * TFLOPS, bf16: 121 * TFLOPS, fp8: 242 * TFLOPS },
    hbmBytes: 24 * GB, hbmBytesPerS: 300 * GB, tdpWatts: 72, idleWatts: 16,
    nvlinkBytesPerS: 0, pcieBytesPerS: PCIE4, pricePerHour: 0.8,
  }),
  MI300X: gpu({
    name: "MI300X", vendor: "amd", architecture: "cdna3",
    peakFlopsPerS: { fp32: 163.4 * TFLOPS, bf16: 1307 * TFLOPS, fp8: 2615 * TFLOPS },
    hbmBytes: 192 * GB, hbmBytesPerS: 5.3e12, tdpWatts: 750, idleWatts: 120,
    nvlinkBytesPerS: 896 * GB, pcieBytesPerS: PCIE5, pricePerHour: 3,
  }),
  V100M16: gpu({
    name: "V100M16", vendor: "nvidia", architecture: "volta",
    peakFlopsPerS: { fp32: 15.7 * TFLOPS, bf16: 125 * TFLOPS, fp8: 125 * TFLOPS }, // FP16 tensor; no BF16/FP8
    hbmBytes: 16 * GiB, hbmBytesPerS: 900 * GB, tdpWatts: 300, idleWatts: 40,
    nvlinkBytesPerS: 300 * GB, pcieBytesPerS: PCIE3, pricePerHour: 1,
  }),
  V100M32: gpu({
    name: "V100M32", vendor: "nvidia", architecture: "volta",
    peakFlopsPerS: { fp32: 15.7 * TFLOPS, bf16: 125 * TFLOPS, fp8: 125 * TFLOPS },
    hbmBytes: 32 * GiB, hbmBytesPerS: 900 * GB, tdpWatts: 300, idleWatts: 40,
    nvlinkBytesPerS: 300 * GB, pcieBytesPerS: PCIE3, pricePerHour: 1.2,
  }),
  P100: gpu({
    name: "P100", vendor: "nvidia", architecture: "pascal", // PCIe 16 GB variant
    peakFlopsPerS: { fp32: 9.3 * TFLOPS, bf16: 18.7 * TFLOPS, fp8: 18.7 * TFLOPS },
    hbmBytes: 16 * GiB, hbmBytesPerS: 732 * GB, tdpWatts: 250, idleWatts: 30,
    nvlinkBytesPerS: 0, pcieBytesPerS: PCIE3, pricePerHour: 0.6,
  }),
  T4: gpu({
    name: "T4", vendor: "nvidia", architecture: "turing",
    peakFlopsPerS: { fp32: 8.1 * TFLOPS, bf16: 65 * TFLOPS, fp8: 130 * TFLOPS }, // FP16 tensor; fp8 column: INT8
    hbmBytes: 16 * GB, hbmBytesPerS: 320 * GB, tdpWatts: 70, idleWatts: 10,
    nvlinkBytesPerS: 0, pcieBytesPerS: PCIE3, pricePerHour: 0.35,
  }),
  A10: gpu({
    name: "A10", vendor: "nvidia", architecture: "ampere",
    peakFlopsPerS: { fp32: 31.2 * TFLOPS, bf16: 125 * TFLOPS, fp8: 250 * TFLOPS }, // fp8 column: INT8
    hbmBytes: 24 * GB, hbmBytesPerS: 600 * GB, tdpWatts: 150, idleWatts: 20,
    nvlinkBytesPerS: 0, pcieBytesPerS: PCIE4, pricePerHour: 0.75,
  }),
  G1: gpu({
    name: "G1", vendor: "unknown", architecture: "unknown", specsPublished: false,
    peakFlopsPerS: { fp32: 15 * TFLOPS, bf16: 120 * TFLOPS, fp8: 120 * TFLOPS },
    hbmBytes: 16 * GiB, hbmBytesPerS: 600 * GB, tdpWatts: 250, idleWatts: 30,
    nvlinkBytesPerS: 0, pcieBytesPerS: PCIE3, pricePerHour: 0.8,
  }),
  G2: gpu({
    name: "G2", vendor: "unknown", architecture: "unknown", specsPublished: false,
    peakFlopsPerS: { fp32: 15 * TFLOPS, bf16: 120 * TFLOPS, fp8: 120 * TFLOPS },
    hbmBytes: 32 * GiB, hbmBytesPerS: 900 * GB, tdpWatts: 300, idleWatts: 40,
    nvlinkBytesPerS: 0, pcieBytesPerS: PCIE4, pricePerHour: 1,
  }),
  G3: gpu({
    name: "G3", vendor: "unknown", architecture: "unknown", specsPublished: false,
    peakFlopsPerS: { fp32: 20 * TFLOPS, bf16: 150 * TFLOPS, fp8: 150 * TFLOPS },
    hbmBytes: 40 * GiB, hbmBytesPerS: 1200 * GB, tdpWatts: 300, idleWatts: 40,
    nvlinkBytesPerS: 0, pcieBytesPerS: PCIE4, pricePerHour: 1.2,
  }),
} satisfies Record<string, GpuSpec>;

/** A GPU model name from the catalog. */
export type GpuName = keyof typeof gpuCatalog;

/** Every catalog name, in catalog order. */
export const gpuNames = Object.keys(gpuCatalog) as GpuName[];

/** Look up a catalog entry (the scenario schema has already checked the name). */
export function gpuSpec(name: GpuName): GpuSpec {
  return gpuCatalog[name];
}
