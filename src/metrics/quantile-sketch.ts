import { quantileSorted } from "simple-statistics";

/** Samples kept exactly before switching to log-spaced buckets. */
const EXACT_CAPACITY = 65_536;
/** Relative accuracy of a quantile once bucketed (DDSketch-style: gamma = (1 + a) / (1 - a)). */
const RELATIVE_ACCURACY = 0.002;
const LOG_GAMMA = Math.log((1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY));
/** Values at or below this count as zero (waits of jobs that started at once). */
const ZERO_THRESHOLD = 1e-12;

/**
 * Quantiles of a stream of non-negative numbers in bounded memory: exact (simple-statistics on the
 * sorted samples) up to 65,536 values, then a DDSketch-style log-bucket histogram whose quantiles are
 * within 0.2 % relative error. Memory stays flat however long the run.
 */
export class QuantileSketch {
  private exact: Float64Array | null = new Float64Array(1024);
  private exactCount = 0;
  /** Counts of log-spaced buckets: counts[key - offset] (dense: keys of real data span a few thousand). */
  private counts = new Float64Array(0);
  private offset = 0;
  private zeroCount = 0;
  private total = 0;

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /** Add a value (negative values are treated as 0). */
  add(value: number): void {
    this.total++;
    if (this.exact !== null) {
      if (this.exactCount === this.exact.length) {
        if (this.exactCount >= EXACT_CAPACITY) {
          this.spill();
          this.addToBuckets(value);
          return;
        }
        const grown = new Float64Array(this.exact.length * 2);
        grown.set(this.exact);
        this.exact = grown;
      }
      this.exact[this.exactCount++] = value;
      return;
    }
    this.addToBuckets(value);
  }

  /** The q-quantile (0..1), or NaN when empty. */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    if (this.exact !== null) {
      return quantileSorted(this.sortedExact(), q);
    }
    const rank = q * (this.total - 1);
    if (rank < this.zeroCount) return 0;
    let seen = this.zeroCount;
    let last = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const count = this.counts[i] as number;
      if (count === 0) continue;
      last = i;
      seen += count;
      if (seen > rank) break;
    }
    return (2 * Math.exp((last + this.offset) * LOG_GAMMA)) / (1 + Math.exp(LOG_GAMMA));
  }

  /** Several quantiles at once (sorting the exact samples only once). */
  quantiles(qs: readonly number[]): number[] {
    if (this.exact !== null && this.total > 0) {
      const sorted = this.sortedExact();
      return qs.map((q) => quantileSorted(sorted, q));
    }
    return qs.map((q) => this.quantile(q));
  }

  /**
   * The exact samples in ascending order: a typed-array copy sorted numerically (several times faster
   * than a JS array with a comparator; ends of runs summarize many groups of up to 65,536 samples).
   * simple-statistics' quantileSorted only indexes and reads length, so the typed array serves as
   * its number[] (the cast is that, nothing more).
   */
  private sortedExact(): number[] {
    return (this.exact as Float64Array).slice(0, this.exactCount).sort() as unknown as number[];
  }

  private spill(): void {
    const values = this.exact as Float64Array;
    this.exact = null;
    for (let i = 0; i < this.exactCount; i++) this.addToBuckets(values[i] as number);
    this.exactCount = 0;
  }

  private addToBuckets(value: number): void {
    if (value <= ZERO_THRESHOLD) {
      this.zeroCount++;
      return;
    }
    const key = Math.ceil(Math.log(value) / LOG_GAMMA);
    let i = key - this.offset;
    if (i < 0 || i >= this.counts.length) i = this.grow(key);
    this.counts[i] = (this.counts[i] as number) + 1;
  }

  /** Widen the dense bucket range to include `key` (with slack); returns its index. */
  private grow(key: number): number {
    const SLACK = 256;
    const low = this.counts.length === 0 ? key - SLACK : Math.min(this.offset, key - SLACK);
    const high = this.counts.length === 0 ? key + SLACK : Math.max(this.offset + this.counts.length - 1, key + SLACK);
    const grown = new Float64Array(high - low + 1);
    if (this.counts.length > 0) grown.set(this.counts, this.offset - low);
    this.counts = grown;
    this.offset = low;
    return key - low;
  }
}
