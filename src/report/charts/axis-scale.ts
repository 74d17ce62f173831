/**
 * Linear, log or symlog for a quantitative axis, chosen from the data's spread: every CDF and
 * latency chart asks this one helper, so a TTFT CDF from 5 ms to 6 s is drawn on a log axis
 * (where p50 and p99 are both readable), not on a linear one stretched to the maximum.
 */

/** max / min at or above this ratio is a wide spread: log (positive data) or symlog (with zeros). */
export const LOG_SPREAD_RATIO = 100;

/** What the axis must show: the extremes and, for symlog, the small positive values' scale. */
export interface AxisData {
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** Smallest positive value (undefined when none). */
  minPositive?: number;
  /** A low quantile (p5) of the positive values, the linear part of a symlog axis. */
  lowPositiveQuantile?: number;
}

/** How to scale the axis. */
export type AxisScale =
  | { kind: "linear" }
  | { kind: "log"; lo: number; hi: number }
  | { kind: "symlog"; constant: number; hi: number };

/** Tick values (s) for log-scaled duration axes: decades below 1 s, then 1 s, 10 s, 1 min, 10 min, 1 h, 10 h, 1 d, 10 d, 100 d. */
export const NICE_TICKS_S = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10, 60, 600, 3600, 36000, 86400, 864000, 8640000];

/**
 * The scale for data spanning [min, max]: log when every value is positive and max/min ≥ 100;
 * symlog when there are zeros (a log axis cannot show 0) and max / smallest positive ≥ 100;
 * linear otherwise (and for negative data). `ticks` are the candidate nice bounds.
 */
export function chooseAxisScale(data: AxisData, ticks: readonly number[] = NICE_TICKS_S): AxisScale {
  const { min, max } = data;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || !(max > 0)) return { kind: "linear" };
  const hi = ticks.find((t) => t >= max) ?? max;
  if (min > 0) return max / min >= LOG_SPREAD_RATIO ? { kind: "log", lo: niceFloor(min, ticks), hi } : { kind: "linear" };
  const smallest = data.minPositive;
  if (smallest === undefined || !(max / smallest >= LOG_SPREAD_RATIO)) return { kind: "linear" };
  return { kind: "symlog", constant: niceFloor(data.lowPositiveQuantile ?? smallest, ticks), hi };
}

/** The axis data of ascending values. */
export function axisDataOfSorted(sorted: Float64Array): AxisData {
  const n = sorted.length;
  if (n === 0) return { min: Number.NaN, max: Number.NaN };
  const firstPositive = upperBoundZero(sorted);
  const positives = sorted.subarray(firstPositive);
  const data: AxisData = { min: sorted[0]!, max: sorted[n - 1]! };
  if (positives.length > 0) {
    data.minPositive = positives[0]!;
    data.lowPositiveQuantile = positives[Math.min(positives.length - 1, Math.floor(0.05 * positives.length))]!;
  }
  return data;
}

/** The axis data of unordered values. */
export function axisDataOf(values: readonly number[]): AxisData {
  return axisDataOfSorted(Float64Array.from(values).sort());
}

/** Number of values ≤ 0 at the start of ascending values. */
export function upperBoundZero(sorted: Float64Array): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Largest tick at or below `value` (at least the smallest tick). */
export function niceFloor(value: number, ticks: readonly number[] = NICE_TICKS_S): number {
  let best = ticks[0]!;
  for (const t of ticks) if (t <= value) best = t;
  return best;
}

/** The ticks within [lo, hi]. */
export function ticksIn(lo: number, hi: number, ticks: readonly number[] = NICE_TICKS_S): number[] {
  return ticks.filter((t) => t >= lo && t <= hi);
}

/** The Vega-Lite `scale` of an axis scale (linear: from zero). */
export function vegaScale(scale: AxisScale): Record<string, unknown> {
  if (scale.kind === "log") return { type: "log", domain: [scale.lo, scale.hi] };
  if (scale.kind === "symlog") return { type: "symlog", constant: scale.constant, domain: [0, scale.hi] };
  return { zero: true };
}

/** The tick values of a log or symlog duration axis (undefined for linear: Vega picks them). */
export function scaleTicks(scale: AxisScale): number[] | undefined {
  if (scale.kind === "log") return ticksIn(scale.lo, scale.hi);
  if (scale.kind === "symlog") return [0, ...ticksIn(scale.constant, scale.hi)];
  return undefined;
}
