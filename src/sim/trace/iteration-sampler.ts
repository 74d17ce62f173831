/** Seconds to the microsecond (readable metadata). */
function roundUs(timeS: number): number {
  return Math.round(timeS * 1e6) / 1e6;
}

/** From `fromS` on, one iteration in `keepEvery` of each replica is kept (0: none). */
export interface SamplingPhase {
  readonly fromS: number;
  readonly keepEvery: number;
}

/**
 * Keeps the number of batch-iteration slices under a budget without knowing in advance how many
 * there will be, deterministically (no random numbers): iteration i of a replica (counted from 0
 * per replica) is kept when i mod k = 0. k starts at 1 and doubles each time the kept count reaches
 * half of what the budget has left, so phase p keeps about budget / 2^(p+1) slices and the
 * total never exceeds the budget however long the run. A later k is a multiple of an earlier one,
 * so the sample thins out: dense early in the run, every 2^p-th iteration later.
 */
export class IterationSampler {
  /** Iterations kept so far. */
  kept = 0;
  /** Iterations seen so far. */
  seen = 0;
  private keepEvery = 1;
  private threshold: number;
  private readonly phaseList: SamplingPhase[] = [{ fromS: 0, keepEvery: 1 }];

  constructor(readonly budget: number) {
    this.threshold = budget <= 0 ? 0 : Math.max(1, Math.floor(budget / 2));
    if (budget <= 0) this.stop(0);
  }

  /** The phases so far, in time order. */
  get phases(): readonly SamplingPhase[] {
    return this.phaseList;
  }

  /** True once some iteration was dropped (or will be). */
  get sampled(): boolean {
    return this.phaseList.length > 1;
  }

  /**
   * Of `count` iterations numbered first, first+1, ... of one replica, call `keep(j)` for each
   * kept one (j = 0..count-1); `endS(j)` dates a change of phase.
   */
  select(first: number, count: number, endS: (j: number) => number, keep: (j: number) => void): void {
    this.seen += count;
    let j = this.alignedFrom(first, 0);
    while (j < count) {
      keep(j);
      this.kept++;
      if (this.kept >= this.threshold) this.thin(endS(j));
      j = this.alignedFrom(first, j + 1);
    }
  }

  /** The smallest j' >= j with (first + j') mod keepEvery = 0 (+∞ when nothing is kept any more). */
  private alignedFrom(first: number, j: number): number {
    const k = this.keepEvery;
    if (k === 0) return Number.POSITIVE_INFINITY;
    const r = (first + j) % k;
    return r === 0 ? j : j + k - r;
  }

  private thin(atS: number): void {
    const left = this.budget - this.kept;
    if (left <= 0) {
      this.stop(atS);
      return;
    }
    this.keepEvery *= 2;
    this.threshold = this.kept + Math.max(1, Math.floor(left / 2));
    this.phaseList.push({ fromS: roundUs(atS), keepEvery: this.keepEvery });
  }

  private stop(atS: number): void {
    this.keepEvery = 0;
    if (atS === 0) this.phaseList.length = 0;
    this.phaseList.push({ fromS: roundUs(atS), keepEvery: 0 });
  }
}
