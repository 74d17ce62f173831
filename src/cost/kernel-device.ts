/**
 * The device side of the iteration model: the rates and fixed costs its kernels run at, either
 * from the GPU catalog (peaks x sustained fractions) or from a calibration profile applied to the
 * catalog GPU (cost/profile-on-gpu.ts), and the smooth roofline both use.
 *
 * Smooth roofline: a GEMM that must both compute for c seconds and stream for m seconds takes the
 * p-norm (c^p + m^p)^(1/p) with p = 1.5: between no overlap of loads and math (p = 1, c + m) and
 * perfect overlap (p = ∞, max(c, m)). Measured GEMMs move gradually from the memory roof to the
 * compute roof (they overlap loads and math imperfectly near the ridge point, and small-M GEMMs
 * waste tiles): Vidur's per-operator profiles of Llama-2-7B and Llama-3-8B on A100 and H100 sit
 * 30-45 % above max(c, m) between 128 and 512 tokens and join the roofs by 2,048
 * (test/cost/llm-iteration-measured.test.ts). p = 1.5 with 76 % of the bf16 peak and 76 % of HBM
 * bandwidth is the minimax fit over those 33 shapes (largest error 8.9 %); p = 2 (the Euclidean
 * join used before) left H100 at 256 tokens 15.8 % fast. Attention keeps its own join (llm-iteration.ts).
 */
import { type GpuName, type GpuSpec, gpuCatalog } from "../model/gpus.js";
import type { CalibrationProfile } from "./calibration-profile.js";
import { gemmParallelUnits } from "./calibration-profile.js";
import { deviceCost, profileGpu, profileUse } from "./profile-on-gpu.js";

/** Rates and fixed costs of one GPU as the iteration model sees it. */
export interface KernelDevice {
  /** Sustained bf16 GEMM FLOP/s. */
  computeFlopsPerS: number;
  /** Bandwidth at which GEMMs stream their weights, bytes/s. */
  gemmBytesPerS: number;
  /** Bandwidth of elementwise and attention (KV) kernels, bytes/s. */
  streamBytesPerS: number;
  /** Sustained FLOP/s of attention kernels (FlashAttention). */
  attentionFlopsPerS: number;
  /** Shortest time of any kernel (launch and ramp), s. */
  kernelLaunchS: number;
  /** Extra fixed time of each GEMM, s (a profile's fitted `fixedS`; 0 from the catalog). */
  gemmFixedS: number;
  /** Parallel units at which a GEMM reaches half its roof (0: always saturated). */
  halfSaturationUnits: number;
  /** Fixed time per iteration beyond the scenario's overhead (a profile's submit latency), s. */
  iterationFixedS: number;
}

/** Sustained fractions and fixed costs of the catalog device. */
export interface DeviceEfficiency {
  /** Fraction of bf16 peak GEMMs sustain. */
  flopsEfficiency: number;
  /** Fraction of HBM bandwidth kernels sustain. */
  memoryEfficiency: number;
  /** Fraction of bf16 peak attention kernels sustain. */
  attentionEfficiency: number;
  /** Shortest kernel time, s. */
  kernelLaunchS: number;
}

/** The catalog device: peaks x sustained fractions, no saturation curve. */
export function catalogDevice(gpu: GpuSpec, e: DeviceEfficiency): KernelDevice {
  const streamBytesPerS = gpu.hbmBytesPerS * e.memoryEfficiency;
  return {
    computeFlopsPerS: gpu.peakFlopsPerS.bf16 * e.flopsEfficiency,
    gemmBytesPerS: streamBytesPerS,
    streamBytesPerS,
    attentionFlopsPerS: gpu.peakFlopsPerS.bf16 * e.attentionEfficiency,
    kernelLaunchS: e.kernelLaunchS,
    gemmFixedS: 0,
    halfSaturationUnits: 0,
    iterationFixedS: 0,
  };
}

/** The device a profile describes on `gpu` (measured when it measured that type, else transferred). */
export function profiledDevice(profile: CalibrationProfile, gpu: GpuSpec, e: DeviceEfficiency): KernelDevice {
  // The scenario loader rejects a mismatched type without `transfer: efficiency`; here a mismatch means transfer.
  const use = profileUse(profile, gpu.name, true) ?? "transfer";
  const sourceName = profileGpu(profile);
  const source = sourceName !== null && sourceName in gpuCatalog ? gpuCatalog[sourceName as GpuName] : undefined;
  const d = deviceCost(profile, gpu, "bf16", use, e, source);
  return {
    computeFlopsPerS: d.computeFlopsPerS,
    gemmBytesPerS: d.gemmMemoryBytesPerS,
    streamBytesPerS: d.memoryBytesPerS,
    attentionFlopsPerS: gpu.peakFlopsPerS.bf16 * e.attentionEfficiency,
    kernelLaunchS: Math.max(e.kernelLaunchS, d.launchOverheadS),
    gemmFixedS: d.fixedS,
    halfSaturationUnits: d.halfSaturationUnits,
    iterationFixedS: d.submitLatencyS,
  };
}

/** Smooth roofline: (c^1.5 + m^1.5)^(2/3) of the compute and memory times (see the file comment). */
export function smoothRoofS(computeS: number, memoryS: number): number {
  // x^1.5 = x·sqrt(x) and y^(2/3) = cbrt(y²): no Math.pow on the per-iteration path.
  const sum = computeS * Math.sqrt(computeS) + memoryS * Math.sqrt(memoryS);
  return Math.cbrt(sum * sum);
}

/**
 * Time of `count` GEMMs with `tokens` rows whose weights total `weightBytes` and whose FLOPs total
 * `flops`, each of output width about `n`: the smooth roofline on the device's rates, the
 * saturation curve of a profile (units of the tokens x n output), and each kernel's fixed time.
 */
export function gemmGroupS(device: KernelDevice, count: number, tokens: number, n: number, flops: number, weightBytes: number): number {
  const units = gemmParallelUnits({ m: Math.max(1, tokens), n: Math.max(1, Math.round(n)), k: 1 });
  const saturation = device.halfSaturationUnits > 0 ? units / (units + device.halfSaturationUnits) : 1;
  const rooflineS = smoothRoofS(flops / (device.computeFlopsPerS * saturation), weightBytes / (device.gemmBytesPerS * saturation));
  return Math.max(count * device.kernelLaunchS, rooflineS) + count * device.gemmFixedS;
}

/** Time of `count` streaming kernels moving `bytes` in all: each at least one launch. */
export function streamGroupS(device: KernelDevice, count: number, bytes: number): number {
  return count * Math.max(device.kernelLaunchS, bytes / count / device.streamBytesPerS);
}
