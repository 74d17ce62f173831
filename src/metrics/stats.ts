import { QuantileSketch } from "./quantile-sketch.js";

/** The stats object every latency in summary.json uses (seconds, or a ratio for slowdown). */
export interface StatsSummary {
  /** Number of values. */
  count: number;
  /** Arithmetic mean (null when empty). */
  mean: number | null;
  /** Median. */
  p50: number | null;
  /** 90th percentile. */
  p90: number | null;
  /** 95th percentile. */
  p95: number | null;
  /** 99th percentile. */
  p99: number | null;
  /** Largest value. */
  max: number | null;
}

/** Streaming statistics: exact count, mean and max; quantiles from a bounded-memory sketch. */
export class StreamingStats {
  private sum = 0;
  private maximum = Number.NEGATIVE_INFINITY;
  private readonly sketch = new QuantileSketch();

  /** Number of values added. */
  get count(): number {
    return this.sketch.count;
  }

  /** Mean so far (NaN when empty). */
  get mean(): number {
    return this.sketch.count === 0 ? Number.NaN : this.sum / this.sketch.count;
  }

  /** Add a value. */
  add(value: number): void {
    this.sum += value;
    if (value > this.maximum) this.maximum = value;
    this.sketch.add(value);
  }

  /** The summary object, rounded to `digits` significant decimals to keep JSON readable. */
  summary(): StatsSummary {
    const n = this.sketch.count;
    if (n === 0) return { count: 0, mean: null, p50: null, p90: null, p95: null, p99: null, max: null };
    const [p50, p90, p95, p99] = this.sketch.quantiles([0.5, 0.9, 0.95, 0.99]) as [number, number, number, number];
    return { count: n, mean: round(this.sum / n), p50: round(p50), p90: round(p90), p95: round(p95), p99: round(p99), max: round(this.maximum) };
  }
}

/** Round to 9 significant digits: enough for any analysis, stable across platforms' last-bit noise. */
export function round(value: number): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(9));
}
