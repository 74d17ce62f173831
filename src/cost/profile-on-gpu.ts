/**
 * A calibration profile applied to a catalog GPU. A profile describes the device it measured, so
 * it prices that GPU type only ("measured"), unless the scenario asks for `transfer: efficiency`:
 * then only what carries over between devices moves ("transfer").
 *
 * What WGSL measures: f32 arithmetic on the plain ALUs (no tensor cores), streaming bandwidth,
 * the GEMM kernels' efficiency curve (a saturating fraction of the device's own roofline as a
 * function of parallel work, and the fraction of the streaming bandwidth GEMMs reach, which sets
 * the roof at low arithmetic intensity), and the fixed costs of a launch and a submit.
 *
 *                         measured (profile GPU = target)     transfer (any target)
 *   f32 compute roof      fitted peakFlopsPerS                 target f32 peak x (fitted / source f32 peak),
 *                                                              or x computeEfficiency when the source is no catalog GPU
 *   bf16 / fp8 roof       target peak x computeEfficiency      the same (WGSL cannot see tensor cores)
 *   streaming bandwidth   fitted memory.bytesPerS              target HBM x (fitted / source HBM), or x memoryEfficiency
 *   GEMM bandwidth        streaming x (GEMM roof / streaming)  the same fraction, on the target's streaming bandwidth
 *   efficiency curve      halfSaturationUnits                  the same
 *   fixed costs           fixedS, launch, submit               the same
 *
 * Bytes follow the target dtype: bf16 weights are 2 bytes, not the 4 of the f32 kernels.
 */
import type { GpuSpec } from "../model/gpus.js";
import type { CalibrationProfile } from "./calibration-profile.js";
import { gemmFlops, gemmParallelUnits } from "./calibration-profile.js";
import { catalogGpuOfAdapter } from "./device-mapping.js";

/** Data types the cost model prices. */
export type ComputeDtype = "bf16" | "fp8" | "fp32";

/** Bytes per element of each dtype. */
export const BYTES_PER_ELEMENT: Record<ComputeDtype, number> = { bf16: 2, fp8: 1, fp32: 4 };

/** How a profile applies to a target GPU. */
export type ProfileUse = "measured" | "transfer";

/** The catalog GPU a profile measured (its `device` block, else derived from its adapter), or null. */
export function profileGpu(profile: CalibrationProfile): string | null {
  if (profile.device !== undefined) return profile.device.gpu;
  return catalogGpuOfAdapter(profile.adapter).gpu;
}

/** A one-word name of the measured device for messages: the catalog GPU, else the driver or adapter. */
export function profileDeviceLabel(profile: CalibrationProfile): string {
  const gpu = profileGpu(profile);
  if (gpu !== null) return gpu;
  return `${profile.driver.name} (${profile.adapter.description || profile.adapter.device || "unknown adapter"}, no catalog GPU)`;
}

/** How `profile` may price `targetGpu`: measured, transfer, or null when it may not (types differ, no transfer asked). */
export function profileUse(profile: CalibrationProfile, targetGpu: string, transfer: boolean): ProfileUse | null {
  if (profileGpu(profile) === targetGpu) return "measured";
  return transfer ? "transfer" : null;
}

/** Sustained fractions a scenario assumes where a profile cannot tell. */
export interface BaseEfficiency {
  /** Fraction of the dtype's peak FLOP/s (the scenario's computeEfficiency or flopsEfficiency). */
  flopsEfficiency: number;
  /** Fraction of HBM bandwidth streaming kernels reach. */
  memoryEfficiency: number;
}

/** The profile's cost parameters on one catalog GPU and dtype. */
export interface DeviceCost {
  /** Measured or transferred. */
  use: ProfileUse;
  /** Saturated compute roof for the dtype, FLOP/s. */
  computeFlopsPerS: number;
  /** Streaming (elementwise, KV) bandwidth, bytes/s. */
  memoryBytesPerS: number;
  /** Bandwidth GEMMs see at low arithmetic intensity, bytes/s. */
  gemmMemoryBytesPerS: number;
  /** Parallel units (64x64 tiles, or rows of a GEMV) at which GEMMs reach half their roof. */
  halfSaturationUnits: number;
  /** Fixed time of one GEMM kernel, s. */
  fixedS: number;
  /** Time of one more kernel launch, s. */
  launchOverheadS: number;
  /** Time of one submit (once per iteration), s. */
  submitLatencyS: number;
  /** Bytes per element of the dtype. */
  bytesPerElement: number;
  /** Time of one GEMM C[m x n] = A[m x k] B[k x n] in the dtype, s. */
  gemmTimeS(m: number, n: number, k: number): number;
}

/** The parameters of `profile` applied to `target` for `dtype` (`use` from {@link profileUse}). */
export function deviceCost(profile: CalibrationProfile, target: GpuSpec, dtype: ComputeDtype, use: ProfileUse, base: BaseEfficiency, source?: GpuSpec): DeviceCost {
  const fit = profile.fit;
  const streamFraction = Math.min(1, fit.gemm.memBytesPerS / fit.memory.bytesPerS);
  let computeFlopsPerS: number;
  let memoryBytesPerS: number;
  if (use === "measured") {
    computeFlopsPerS = dtype === "fp32" ? fit.gemm.peakFlopsPerS : target.peakFlopsPerS[dtype] * base.flopsEfficiency;
    memoryBytesPerS = fit.memory.bytesPerS;
  } else {
    const f32Fraction = source === undefined ? base.flopsEfficiency : Math.min(1, fit.gemm.peakFlopsPerS / source.peakFlopsPerS.fp32);
    computeFlopsPerS = dtype === "fp32" ? target.peakFlopsPerS.fp32 * f32Fraction : target.peakFlopsPerS[dtype] * base.flopsEfficiency;
    const bandwidthFraction = source === undefined ? base.memoryEfficiency : Math.min(1, fit.memory.bytesPerS / source.hbmBytesPerS);
    memoryBytesPerS = target.hbmBytesPerS * bandwidthFraction;
  }
  const bytesPerElement = BYTES_PER_ELEMENT[dtype];
  const gemmMemoryBytesPerS = memoryBytesPerS * streamFraction;
  const halfSaturationUnits = fit.gemm.halfSaturationUnits;
  const fixedS = fit.gemm.fixedS;
  return {
    use,
    computeFlopsPerS,
    memoryBytesPerS,
    gemmMemoryBytesPerS,
    halfSaturationUnits,
    fixedS,
    launchOverheadS: fit.launch.launchOverheadS,
    submitLatencyS: fit.launch.submitLatencyS,
    bytesPerElement,
    gemmTimeS: (m, n, k) => {
      const shape = { m, n, k };
      const flops = gemmFlops(shape);
      const bytes = bytesPerElement * (m * k + k * n + m * n);
      const roofFlopsPerS = Math.min(computeFlopsPerS, (flops / bytes) * gemmMemoryBytesPerS);
      const units = gemmParallelUnits(shape);
      return fixedS + flops / (roofFlopsPerS * (units / (units + halfSaturationUnits)));
    },
  };
}
