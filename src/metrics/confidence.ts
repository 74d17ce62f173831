/**
 * Statistics across replications: the mean with a Student-t confidence interval (or, for a
 * quantity with a physical range, an interval that stays inside it by construction), and Welch's
 * t-test for the difference of two means with unequal variances.
 */
import { mean as sampleMean, sampleStandardDeviation } from "simple-statistics";
import { studentTQuantile, studentTTwoSidedP } from "./student-t.js";

/** Mean and confidence interval of a metric over replications (null where n is too small). */
export interface ConfidenceInterval {
  /** Mean of the values (null when there are none). */
  mean: number | null;
  /** Lower end of the interval (null when n < 2). */
  ciLow: number | null;
  /** Upper end of the interval (null when n < 2). */
  ciHigh: number | null;
  /** Sample standard deviation (n - 1 in the denominator; null when n < 2). */
  sd: number | null;
  /** Number of values. */
  n: number;
  /**
   * How the interval was built (absent when there is none, n < 2): "t" mean ± Student t,
   * "log-normal-cox" Cox's interval on the log scale, "bootstrap-percentile" the percentile bootstrap.
   */
  method?: IntervalMethod;
}

/** The ways gpufleet builds a confidence interval of a mean. */
export type IntervalMethod = "t" | "log-normal-cox" | "bootstrap-percentile";

/** Result of Welch's t-test. */
export interface WelchResult {
  /** The t statistic of mean(a) - mean(b). */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value (null when either sample has fewer than 2 values). */
  pValue: number | null;
}

/** The default confidence level of every interval gpufleet reports. */
export const CONFIDENCE_LEVEL = 0.95;

/** The significance level used to mark a difference with `*`. */
export const SIGNIFICANCE_LEVEL = 0.05;

/** Mean ± t-based confidence interval (`level`, default 95 %) of finite `values`. */
export function meanConfidence(values: readonly number[], level = CONFIDENCE_LEVEL): ConfidenceInterval {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: null, ciLow: null, ciHigh: null, sd: null, n: 0 };
  const mean = sampleMean(xs);
  if (n < 2) return { mean, ciLow: null, ciHigh: null, sd: null, n };
  const sd = sampleStandardDeviation(xs);
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, ciLow: mean - half, ciHigh: mean + half, sd, n, method: "t" };
}

/** The range a metric can take physically; it decides how its interval is built. */
export type MetricRange = "unbounded" | "nonnegative" | "at-least-one" | "unit";

/**
 * Confidence interval for the mean of `values` that respects `range` by construction:
 * - unbounded: mean ± t (meanConfidence);
 * - lower bound L (0, or 1 for slowdowns), every value above it and n >= 5: Cox's interval for
 *   the mean of a log-normal on log(x − L), L + exp(ȳ + s²/2 ± t·√(s²/n + s⁴/(2(n−1)))) —
 *   right-skewed like waits and latencies, and never below L;
 * - otherwise (n < 5, where Cox's s⁴ term makes the upper end explode; values at the bound, a
 *   point mass such as zero waits; the unit range [0, 1]): the percentile bootstrap of the mean,
 *   whose resampled means stay inside the values' own range, with a fixed seed so intervals are
 *   reproducible. It is narrower than it should be for very few replications: use 5 or more.
 */
export function rangedConfidence(values: readonly number[], range: MetricRange, level = CONFIDENCE_LEVEL): ConfidenceInterval {
  const plain = meanConfidence(values, level);
  if (range === "unbounded" || plain.n < 2 || plain.sd === null || plain.sd === 0 || plain.mean === null) return plain;
  const xs = values.filter((v) => Number.isFinite(v));
  const lower = range === "at-least-one" ? 1 : 0;
  if (range !== "unit" && xs.length >= COX_MIN_N && xs.every((x) => x > lower)) {
    const ys = xs.map((x) => Math.log(x - lower));
    const n = ys.length;
    const m = sampleMean(ys);
    const v = sampleStandardDeviation(ys) ** 2;
    const t = studentTQuantile(1 - (1 - level) / 2, n - 1);
    const se = Math.sqrt(v / n + (v * v) / (2 * (n - 1)));
    return { ...plain, ciLow: lower + Math.exp(m + v / 2 - t * se), ciHigh: lower + Math.exp(m + v / 2 + t * se), method: "log-normal-cox" };
  }
  const [ciLow, ciHigh] = bootstrapMeanInterval(xs, level);
  return { ...plain, ciLow, ciHigh, method: "bootstrap-percentile" };
}

/**
 * Fewest replications whose intervals gpufleet calls reliable: below, Cox's interval is not used
 * (its s⁴ term explodes) and the bootstrap under-covers, so replications warn.
 */
export const MIN_RELIABLE_REPLICATIONS = 5;

/** Fewest values for Cox's log-normal interval (below, the bootstrap). */
const COX_MIN_N = MIN_RELIABLE_REPLICATIONS;

/** Resamples of the percentile bootstrap. */
const BOOTSTRAP_RESAMPLES = 4000;

/** Percentile-bootstrap interval of the mean, from a fixed-seed generator (mulberry32). */
function bootstrapMeanInterval(xs: readonly number[], level: number): [number, number] {
  let state = 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const n = xs.length;
  const means = new Float64Array(BOOTSTRAP_RESAMPLES);
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += xs[Math.floor(next() * n)] as number;
    means[b] = sum / n;
  }
  means.sort();
  const at = (q: number): number => means[Math.min(BOOTSTRAP_RESAMPLES - 1, Math.max(0, Math.floor(q * BOOTSTRAP_RESAMPLES)))] as number;
  return [at((1 - level) / 2), at(1 - (1 - level) / 2)];
}

/** Half-width of a confidence interval (null when it has none). */
export function halfWidth(ci: ConfidenceInterval): number | null {
  return ci.ciLow === null || ci.ciHigh === null ? null : (ci.ciHigh - ci.ciLow) / 2;
}

/** Welch's two-sample t-test (two-sided) on finite values of `a` and `b`. */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult {
  const xs = a.filter((v) => Number.isFinite(v));
  const ys = b.filter((v) => Number.isFinite(v));
  if (xs.length < 2 || ys.length < 2) return { t: Number.NaN, df: Number.NaN, pValue: null };
  const va = sampleStandardDeviation(xs) ** 2 / xs.length;
  const vb = sampleStandardDeviation(ys) ** 2 / ys.length;
  const diff = sampleMean(xs) - sampleMean(ys);
  const se2 = va + vb;
  if (se2 === 0) {
    // Both samples are constant: the difference is certain (or there is none).
    return { t: diff === 0 ? 0 : Math.sign(diff) * Number.POSITIVE_INFINITY, df: xs.length + ys.length - 2, pValue: diff === 0 ? 1 : 0 };
  }
  const t = diff / Math.sqrt(se2);
  const df = se2 ** 2 / (va ** 2 / (xs.length - 1) + vb ** 2 / (ys.length - 1));
  return { t, df, pValue: studentTTwoSidedP(t, df) };
}

/** True when Welch's test says the means differ at `alpha` (default 5 %). */
export function significantlyDifferent(a: readonly number[], b: readonly number[], alpha = SIGNIFICANCE_LEVEL): boolean {
  const { pValue } = welchTTest(a, b);
  return pValue !== null && pValue < alpha;
}
