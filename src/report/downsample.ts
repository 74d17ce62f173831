/**
 * Down-sampling for charts: a CDF from sorted values in a bounded number of points, keeping the
 * tail (the top 1 % of ranks gets its own points, so p99 and the maximum stay visible).
 */

/** One point of an empirical CDF: the fraction of values at or below `value`. */
export interface CdfPoint {
  /** The value (seconds for latencies). */
  value: number;
  /** Fraction of values ≤ `value`, 0–1. */
  fraction: number;
}

/** Largest number of points a CDF series gets in a chart. */
export const MAX_CDF_POINTS = 500;

/** Share of a CDF's points spent on the top 1 % of ranks. */
const TAIL_POINT_SHARE = 0.2;

/**
 * Empirical CDF of ascending `sorted` values in at most `maxPoints` (+1 for the starting point)
 * points. Every run of equal values collapses into one point at its highest rank, so a mass at 0
 * (jobs that never waited) shows as a vertical jump.
 */
export function cdfPoints(sorted: Float64Array, maxPoints = MAX_CDF_POINTS): CdfPoint[] {
  const n = sorted.length;
  if (n === 0) return [];
  const ranks = new Set<number>();
  const tailPoints = Math.floor(maxPoints * TAIL_POINT_SHARE);
  const bodyPoints = Math.max(2, maxPoints - tailPoints);
  for (let k = 0; k < bodyPoints; k++) ranks.add(Math.round((k * (n - 1)) / (bodyPoints - 1)));
  const tailStart = Math.floor(0.99 * (n - 1));
  for (let k = 0; k < tailPoints; k++) ranks.add(Math.round(tailStart + (k * (n - 1 - tailStart)) / Math.max(1, tailPoints - 1)));
  const ordered = [...ranks].sort((a, b) => a - b);
  const points: CdfPoint[] = [{ value: sorted[0]!, fraction: 0 }];
  for (const rank of ordered) {
    const value = sorted[rank]!;
    // Equal values: the fraction counts every value ≤ this one, so a run of equal values is exact.
    const point = { value, fraction: upperBound(sorted, value) / n };
    const previous = points[points.length - 1]!;
    if (previous.value === value && previous.fraction > 0) previous.fraction = point.fraction;
    else points.push(point);
  }
  return points;
}

/** Index of the first value greater than `value` in ascending `sorted` (binary search). */
function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
