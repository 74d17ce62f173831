/**
 * Fits the cost model to measurements: GEMM roofline with a saturating efficiency curve (least
 * squares on log time, so every shape weighs the same whatever its size), linear transfer costs,
 * launch overhead by linear regression, sustained bandwidth from the streaming kernels, and the
 * relative error of each fitted model on the held-out shapes it never saw.
 */
import {
  type GemmFit,
  type GemmShape,
  gemmBytes,
  gemmFlops,
  type LinearFit,
  predictGemmTimeS,
  predictLinearTimeS,
} from "../cost/calibration-profile.js";
import { minimizeWithRestarts } from "./nelder-mead.js";

/** A timed GEMM shape. */
export interface GemmPoint extends GemmShape {
  timeS: number;
}

/** A timed transfer (or any linear cost) of `bytes`. */
export interface BytesPoint {
  bytes: number;
  timeS: number;
}

/** Relative prediction errors on held-out points. */
export interface HeldOutError {
  count: number;
  medianAbsRelError: number;
  maxAbsRelError: number;
}

const sumSquaredLogError = (predicted: number[], measured: number[]) =>
  predicted.reduce((sum, p, i) => sum + (Math.log(p) - Math.log(measured[i] ?? 1)) ** 2, 0);

/** Fits peak FLOP/s, GEMM memory roof, half-saturation workgroups and fixed time to ≥ 4 points. */
export function fitGemm(points: readonly GemmPoint[]): GemmFit {
  if (points.length < 4) throw new Error(`fitGemm: need at least 4 shapes, got ${points.length}`);
  const measured = points.map((p) => p.timeS);
  const toFit = (x: number[]): GemmFit => ({
    peakFlopsPerS: Math.exp(x[0] ?? 0),
    memBytesPerS: Math.exp(x[1] ?? 0),
    halfSaturationUnits: Math.exp(x[2] ?? 0),
    fixedS: Math.exp(x[3] ?? 0),
  });
  const objective = (x: number[]) => {
    const fit = toFit(x);
    return sumSquaredLogError(points.map((p) => predictGemmTimeS(fit, p)), measured);
  };
  const bestFlopsPerS = Math.max(...points.map((p) => gemmFlops(p) / p.timeS));
  const bestBytesPerS = Math.max(...points.map((p) => gemmBytes(p) / p.timeS));
  const minTimeS = Math.min(...measured);
  const starts = [0.1, 4, 100].flatMap((half) =>
    [1e-3, 0.3].map((fixedShare) => [
      Math.log(bestFlopsPerS * 1.5),
      Math.log(bestBytesPerS * 1.5),
      Math.log(half),
      Math.log(minTimeS * fixedShare),
    ]),
  );
  return toFit(minimizeWithRestarts(objective, starts, { step: 1 }).x);
}

/** Fits `latencyS + bytes / bytesPerS` to ≥ 2 points by least squares on log time. */
export function fitLinear(points: readonly BytesPoint[]): LinearFit {
  if (points.length < 2) throw new Error(`fitLinear: need at least 2 sizes, got ${points.length}`);
  const measured = points.map((p) => p.timeS);
  const toFit = (x: number[]): LinearFit => ({ latencyS: Math.exp(x[0] ?? 0), bytesPerS: Math.exp(x[1] ?? 0) });
  const objective = (x: number[]) => {
    const fit = toFit(x);
    return sumSquaredLogError(points.map((p) => predictLinearTimeS(fit, p.bytes)), measured);
  };
  const bestBytesPerS = Math.max(...points.map((p) => p.bytes / p.timeS));
  const minTimeS = Math.min(...measured);
  const starts = [0.9, 0.1, 1e-3].map((share) => [Math.log(minTimeS * share), Math.log(bestBytesPerS * 1.2)]);
  return toFit(minimizeWithRestarts(objective, starts, { step: 1 }).x);
}

/** Ordinary least squares `timeS = interceptS + count · slopeS`, both clamped at zero. */
export function fitLaunch(points: readonly { dispatches: number; timeS: number }[]): {
  launchOverheadS: number;
  submitLatencyS: number;
} {
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.dispatches, 0) / n;
  const meanY = points.reduce((s, p) => s + p.timeS, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.dispatches - meanX) * (p.timeS - meanY);
    sxx += (p.dispatches - meanX) ** 2;
  }
  const slope = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
  return { launchOverheadS: slope, submitLatencyS: Math.max(0, meanY - slope * meanX) };
}

/** Median and maximum of |predicted − measured| / measured. */
export function heldOutError(predictedS: readonly number[], measuredS: readonly number[]): HeldOutError {
  const errors = predictedS.map((p, i) => Math.abs(p - (measuredS[i] ?? 0)) / (measuredS[i] ?? 1)).sort((a, b) => a - b);
  if (errors.length === 0) return { count: 0, medianAbsRelError: 0, maxAbsRelError: 0 };
  const mid = errors.length >> 1;
  const median = errors.length % 2 === 1 ? (errors[mid] ?? 0) : ((errors[mid - 1] ?? 0) + (errors[mid] ?? 0)) / 2;
  return { count: errors.length, medianAbsRelError: median, maxAbsRelError: errors[errors.length - 1] ?? 0 };
}
