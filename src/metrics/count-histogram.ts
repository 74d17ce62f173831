import { type StatsSummary, round } from "./stats.js";

/**
 * Exact distribution of small non-negative integers (batch sizes): one counter per value, so adding
 * costs an array increment and memory is bounded by the largest value.
 */
export class CountHistogram {
  private counts = new Float64Array(64);
  private total = 0;
  private sum = 0;
  private maximum = 0;

  /** Add one observation of `value` (an integer >= 0). */
  add(value: number): void {
    if (value >= this.counts.length) {
      const grown = new Float64Array(Math.max(value + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[value]++;
    this.total++;
    this.sum += value;
    if (value > this.maximum) this.maximum = value;
  }

  /** Number of observations. */
  get count(): number {
    return this.total;
  }

  /** The q-quantile (lower value at a rank), NaN when empty. */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.ceil(q * this.total);
    let seen = 0;
    for (let v = 0; v <= this.maximum; v++) {
      seen += this.counts[v] as number;
      if (seen >= rank && seen > 0) return v;
    }
    return this.maximum;
  }

  /** The stats object of summary.json. */
  summary(): StatsSummary {
    if (this.total === 0) return { count: 0, mean: null, p50: null, p90: null, p95: null, p99: null, max: null };
    return {
      count: this.total,
      mean: round(this.sum / this.total),
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      max: this.maximum,
    };
  }
}
