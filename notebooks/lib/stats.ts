/**
 * Small statistics for the notebooks: means with Student-t 95 % intervals, paired differences over
 * common seeds, and the unpaired (Welch) interval for contrast. Plain code so a reader sees the method.
 */
import type { AnyRunSummary, RunSummary } from "gpufleet";

/** Two-sided 95 % Student-t quantiles t(0.975, df) for df = 1..30; beyond, the normal 1.96 is within 2 %. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
  2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t(0.975, df); Welch's fractional df rounds down (a slightly wider, conservative interval). */
export function t975(df: number): number {
  if (!(df >= 1)) throw new Error(`t975: degrees of freedom must be >= 1, got ${df}`);
  return df <= 30 ? (T975[Math.floor(df) - 1] as number) : 1.96;
}

/** A mean with its 95 % interval. */
export interface Interval {
  mean: number;
  low: number;
  high: number;
  halfWidth: number;
  n: number;
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Mean and Student-t 95 % interval of independent values (n >= 2). */
export function meanInterval(xs: readonly number[]): Interval {
  if (xs.length < 2) throw new Error(`meanInterval: needs 2 or more values, got ${xs.length}`);
  const m = mean(xs);
  const halfWidth = t975(xs.length - 1) * Math.sqrt(variance(xs) / xs.length);
  return { mean: m, low: m - halfWidth, high: m + halfWidth, halfWidth, n: xs.length };
}

/** Paired difference b − a over common seeds (a[i] and b[i] ran the same seed). */
export function pairedDifference(a: readonly number[], b: readonly number[]): Interval {
  if (a.length !== b.length) throw new Error(`pairedDifference: ${a.length} vs ${b.length} values`);
  return meanInterval(b.map((x, i) => x - (a[i] as number)));
}

/** Unpaired (Welch) interval of b − a: what one gets when the seeds' pairing is ignored. */
export function welchDifference(a: readonly number[], b: readonly number[]): Interval {
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const d = mean(b) - mean(a);
  const halfWidth = t975(Math.max(1, df)) * Math.sqrt(va + vb);
  return { mean: d, low: d - halfWidth, high: d + halfWidth, halfWidth, n: a.length };
}

/** A simulation's summary (runScenario also returns fill-experiment summaries, which the notebooks never run). */
export function simulationSummary(summary: AnyRunSummary): RunSummary {
  if (!("jobs" in summary)) throw new Error(`scenario ${summary.scenario} is a fill experiment, not a simulation`);
  return summary;
}

/** Format a number with `digits` significant digits (no exponent for everyday magnitudes). */
export function sig(x: number, digits = 3): string {
  return Number(x.toPrecision(digits)).toLocaleString("en-US", { maximumSignificantDigits: digits });
}

/** A summary metric by dotted path (`jobs.waitS.p95`), as plan targets name them; NaN when absent or null. */
export function valueAt(summary: unknown, path: string): number {
  let node: unknown = summary;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return Number.NaN;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "number" ? node : Number.NaN;
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
