import type { IterationWork, LlmIterationCost } from "../../cost/llm-iteration.js";

/** Entries kept before the cache starts over (bounds memory; a working set this large gains little). */
const MAX_ENTRIES = 1 << 16;
/** Lookups per window over which the hit rate is judged. */
const WINDOW = 1 << 14;
/** Below this hit rate the memo costs more than it saves, and pricing goes direct. */
const MIN_HIT_RATE = 0.3;

/**
 * Memo of a replica configuration's pure-decode iteration times. A decode step's work is fixed by
 * the batch size and the KV tokens read (prefill 0, decode B, attention pairs K + B), and the cost
 * model is a pure function of the work, so a cached value is the very number `iterationTimeS` would
 * return: results stay bit-identical while the same (B, K) steps, which recur across replicas and
 * runs, are priced once. Workloads whose steps rarely repeat (large batches over long contexts)
 * switch the memo off after a window with a low hit rate.
 */
export class DecodeStepCache {
  /** Iteration seconds of the last step priced. */
  durationS = 0;
  /** Compute seconds (capped at the iteration time) of the last step priced. */
  computeS = 0;
  private readonly index = new Map<number, number>();
  private durations = new Float64Array(1024);
  private computes = new Float64Array(1024);
  private readonly stride: number;
  private lookups = 0;
  private hits = 0;
  private direct = false;

  constructor(
    private readonly cost: LlmIterationCost,
    maxBatchSize: number,
  ) {
    this.stride = maxBatchSize + 1;
  }

  /** Price the decode step `w` (pure decode: prefillTokens 0) into `durationS` and `computeS`. */
  price(w: IterationWork): void {
    if (this.direct) {
      this.compute(w);
      return;
    }
    const key = w.kvTokensRead * this.stride + w.decodeTokens;
    const found = this.index.get(key);
    if (++this.lookups === WINDOW) this.judge();
    if (found !== undefined) {
      this.hits++;
      this.durationS = this.durations[found] as number;
      this.computeS = this.computes[found] as number;
      return;
    }
    this.compute(w);
    if (this.index.size >= MAX_ENTRIES) this.index.clear();
    const slot = this.index.size;
    if (slot >= this.durations.length) this.grow();
    this.durations[slot] = this.durationS;
    this.computes[slot] = this.computeS;
    this.index.set(key, slot);
  }

  private compute(w: IterationWork): void {
    const durationS = this.cost.iterationTimeS(w);
    this.durationS = durationS;
    this.computeS = Math.min(durationS, this.cost.computeS(w));
  }

  private judge(): void {
    if (this.hits < MIN_HIT_RATE * this.lookups) {
      this.direct = true;
      this.index.clear();
    }
    this.lookups = 0;
    this.hits = 0;
  }

  private grow(): void {
    const n = this.durations.length * 2;
    const d = new Float64Array(n);
    d.set(this.durations);
    this.durations = d;
    const c = new Float64Array(n);
    c.set(this.computes);
    this.computes = c;
  }
}
