/**
 * The notebooks' view of gpufleet's own statistics (the functions `gpufleet compare` and replications
 * use): a mean or a difference with its Student-t 95 % interval as {mean, low, high, halfWidth, n}.
 */
import { type ConfidenceInterval, type DifferenceInterval, meanConfidence, metricAt, pairedDifference as libraryPaired, welchDifference as libraryWelch } from "gpufleet";

/** A mean with its 95 % interval. */
export interface Interval {
  mean: number;
  low: number;
  high: number;
  halfWidth: number;
  n: number;
}

function toInterval(what: string, mean: number | null, low: number | null, high: number | null, n: number): Interval {
  if (mean === null || low === null || high === null) throw new Error(`${what}: needs 2 or more values, got ${n}`);
  return { mean, low, high, halfWidth: (high - low) / 2, n };
}

/** Mean and Student-t 95 % interval of independent values (n >= 2). */
export function meanInterval(xs: readonly number[]): Interval {
  const ci: ConfidenceInterval = meanConfidence(xs);
  return toInterval("meanInterval", ci.mean, ci.ciLow, ci.ciHigh, ci.n);
}

function difference(what: string, d: DifferenceInterval): Interval {
  return toInterval(what, d.meanDiff, d.ciLow, d.ciHigh, d.n);
}

/** Paired difference b − a over common seeds (a[i] and b[i] ran the same seed). */
export function pairedDifference(a: readonly number[], b: readonly number[]): Interval {
  return difference("pairedDifference", libraryPaired(b, a));
}

/** Unpaired (Welch) interval of b − a: what one gets when the seeds' pairing is ignored. */
export function welchDifference(a: readonly number[], b: readonly number[]): Interval {
  return difference("welchDifference", libraryWelch(b, a));
}

/** Format a number with `digits` significant digits (no exponent for everyday magnitudes). */
export function sig(x: number, digits = 3): string {
  return Number(x.toPrecision(digits)).toLocaleString("en-US", { maximumSignificantDigits: digits });
}

/** A summary metric by dotted path (`jobs.waitS.p95`), as plan targets name them; NaN when absent or null. */
export function valueAt(summary: unknown, path: string): number {
  return metricAt(summary, path) ?? Number.NaN;
}

/** Sign test of paired differences: how many seeds went down / up, and the two-sided exact binomial p (ties dropped). */
export function signTest(differences: readonly number[]): { lower: number; higher: number; p: number } {
  const lower = differences.filter((d) => d < 0).length;
  const higher = differences.filter((d) => d > 0).length;
  const n = lower + higher;
  const k = Math.min(lower, higher);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += binomial(n, i) / 2 ** n;
  return { lower, higher, p: n === 0 ? 1 : Math.min(1, 2 * tail) };
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
