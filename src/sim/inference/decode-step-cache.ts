import type { IterationWork, LlmIterationCost } from "../../cost/llm-iteration.js";

/** Entries kept before the cache starts over (bounds memory on very long runs). */
const MAX_ENTRIES = 1 << 20;

/**
 * Memo of a replica configuration's pure-decode iteration times. A decode step's work is fixed by
 * the batch size and the KV tokens read (prefill 0, decode B, attention pairs K + B), and the cost
 * model is a pure function of the work, so a cached value is the very number `iterationTimeS` would
 * return: results stay bit-identical while the same (B, K) steps, which recur across replicas and
 * runs, are priced once.
 */
export class DecodeStepCache {
  private readonly index = new Map<number, number>();
  private durationS = new Float64Array(1024);
  private computeS = new Float64Array(1024);
  private readonly stride: number;

  constructor(
    private readonly cost: LlmIterationCost,
    maxBatchSize: number,
  ) {
    this.stride = maxBatchSize + 1;
  }

  /** Slot of the decode step with `w` (pure decode: prefillTokens 0); read `durationAt`/`computeAt`. */
  slot(w: IterationWork): number {
    const key = w.kvTokensRead * this.stride + w.decodeTokens;
    const found = this.index.get(key);
    if (found !== undefined) return found;
    if (this.index.size >= MAX_ENTRIES) this.index.clear();
    const slot = this.index.size;
    if (slot >= this.durationS.length) this.grow();
    const durationS = this.cost.iterationTimeS(w);
    this.durationS[slot] = durationS;
    this.computeS[slot] = Math.min(durationS, this.cost.computeS(w));
    this.index.set(key, slot);
    return slot;
  }

  /** Iteration seconds of a slot. */
  durationAt(slot: number): number {
    return this.durationS[slot] as number;
  }

  /** Compute seconds (capped at the iteration time) of a slot. */
  computeAt(slot: number): number {
    return this.computeS[slot] as number;
  }

  private grow(): void {
    const n = this.durationS.length * 2;
    const d = new Float64Array(n);
    d.set(this.durationS);
    this.durationS = d;
    const c = new Float64Array(n);
    c.set(this.computeS);
    this.computeS = c;
  }
}
