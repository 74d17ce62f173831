/**
 * The difference of two configurations' means over replications, with a 95 % interval: paired
 * (per-seed differences, Student t with n − 1 degrees of freedom) when both ran the same seeds —
 * common random numbers make the runs positively correlated, so the differences vary less than
 * either run — and Welch's unequal-variance interval otherwise.
 */
import { mean as sampleMean, sampleStandardDeviation } from "simple-statistics";
import { CONFIDENCE_LEVEL, welchTTest } from "./confidence.js";
import { studentTQuantile, studentTTwoSidedP } from "./student-t.js";

/** How a difference was tested: per-seed pairs, or two independent samples. */
export type DifferenceMethod = "paired-t" | "welch";

/** The difference mean(x) − mean(y) with its interval and two-sided test. */
export interface DifferenceInterval {
  /** "paired-t" (same seeds) or "welch" (independent samples). */
  method: DifferenceMethod;
  /** Pairs (paired) or the smaller sample's size (Welch). */
  n: number;
  /** mean(x) − mean(y) (for pairs: the mean of the per-seed differences, the same number). */
  meanDiff: number | null;
  /** Lower end of the interval of the difference (null with fewer than 2 values per side). */
  ciLow: number | null;
  /** Upper end. */
  ciHigh: number | null;
  /** Two-sided p-value of "no difference" (null with fewer than 2 values per side). */
  pValue: number | null;
  /** True when the interval lies entirely above or below 0. */
  excludesZero: boolean;
}

/** Build the interval from a point estimate, its standard error and degrees of freedom. */
function interval(method: DifferenceMethod, n: number, diff: number, se: number, df: number, pValue: number, level: number): DifferenceInterval {
  const half = se === 0 ? 0 : studentTQuantile(1 - (1 - level) / 2, df) * se;
  const ciLow = diff - half;
  const ciHigh = diff + half;
  return { method, n, meanDiff: diff, ciLow, ciHigh, pValue, excludesZero: ciLow > 0 || ciHigh < 0 };
}

/** Paired difference of `x[i] − y[i]` (same seed at the same index; pairs with a non-finite side are dropped). */
export function pairedDifference(x: readonly number[], y: readonly number[], level = CONFIDENCE_LEVEL): DifferenceInterval {
  if (x.length !== y.length) throw new RangeError(`paired samples differ in length: ${x.length} vs ${y.length}`);
  const d: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (Number.isFinite(a) && Number.isFinite(b)) d.push(a - b);
  }
  const n = d.length;
  if (n < 2) return { method: "paired-t", n, meanDiff: n === 1 ? (d[0] as number) : null, ciLow: null, ciHigh: null, pValue: null, excludesZero: false };
  const diff = sampleMean(d);
  const se = sampleStandardDeviation(d) / Math.sqrt(n);
  // Identical differences on every seed: the difference is certain (or there is none).
  const pValue = se === 0 ? (diff === 0 ? 1 : 0) : studentTTwoSidedP(diff / se, n - 1);
  return interval("paired-t", n, diff, se, n - 1, pValue, level);
}

/** Welch's interval of mean(x) − mean(y) for independent samples. */
export function welchDifference(x: readonly number[], y: readonly number[], level = CONFIDENCE_LEVEL): DifferenceInterval {
  const xs = x.filter((v) => Number.isFinite(v));
  const ys = y.filter((v) => Number.isFinite(v));
  const n = Math.min(xs.length, ys.length);
  const diff = xs.length > 0 && ys.length > 0 ? sampleMean(xs) - sampleMean(ys) : null;
  if (diff === null || n < 2) return { method: "welch", n, meanDiff: diff, ciLow: null, ciHigh: null, pValue: null, excludesZero: false };
  const se = Math.sqrt(sampleStandardDeviation(xs) ** 2 / xs.length + sampleStandardDeviation(ys) ** 2 / ys.length);
  const welch = welchTTest(xs, ys);
  // Variances that underflow make Welch–Satterthwaite 0/0: fall back to the conservative min(n) − 1.
  const df = welch.df > 0 ? welch.df : n - 1;
  const pValue = Number.isNaN(welch.pValue ?? Number.NaN) ? (diff === 0 ? 1 : studentTTwoSidedP(diff / se, df)) : (welch.pValue as number);
  return interval("welch", n, diff, se, df, pValue, level);
}
