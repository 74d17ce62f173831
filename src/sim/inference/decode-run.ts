import type { IterationWork } from "../../cost/llm-iteration.js";
import type { DecodeStepCache } from "./decode-step-cache.js";
import type { InferenceRequest } from "./request.js";

/**
 * A run of decode iterations whose batch does not change, advanced by one event (issue 11 item 4).
 *
 * Iteration 0 is composed by the replica's ordinary per-iteration code (admissions, block takes,
 * preemptions). When that leaves a batch where every sequence decodes one token, iterations 1, 2, …
 * repeat it: nothing can be admitted (sequence slots and the token budget stay the same and free KV
 * blocks only shrink), so they differ only in the KV length, which grows by one token per sequence
 * and step. The run stops before the first iteration that would change the batch: the first
 * completion (the smallest number of tokens left), or the first iteration whose KV block takes
 * exceed the free blocks (it would preempt). Each iteration's time is the cost model's
 * `iterationTimeS` of exactly the work the per-iteration path would build, and the end times are
 * summed one iteration at a time (`E_j = E_{j-1} + d_j`, as the event queue adds a delay to the
 * clock), so the floating-point results are the same bit for bit.
 *
 * A sequence's next block boundary repeats every `blockTokens` steps, so the blocks taken at step j
 * are counted by phase (`j mod blockTokens`) in O(1) per step instead of a pass over the batch.
 * Step times come from a DecodeStepCache (the same numbers, priced once per distinct step).
 */
export class DecodeRun {
  /** Iterations in the run, iteration 0 included (0: no run). */
  length = 0;
  /** Iterations whose start (block takes, batch size, compute seconds) has been accounted. */
  applied = 0;
  /** Sequences in the batch. */
  batch = 0;
  /** End time of iteration j. */
  endS = new Float64Array(64);
  /** Compute seconds (FLOPs at the sustained rate, capped at the iteration time) of iteration j. */
  computeS = new Float64Array(64);
  /** Sequences taking a block at steps j ≡ p (mod blockTokens), p = index. */
  private phaseTakes: Int32Array;
  /** Steps (1..blockTokens) from iteration 0 to each sequence's next block take, in batch order. */
  private firstTake = new Int32Array(64);

  constructor(private readonly blockTokens: number) {
    this.phaseTakes = new Int32Array(blockTokens);
  }

  /** Blocks the batch takes at the start of iteration `j` (j >= 1). */
  takesAt(j: number): number {
    return this.phaseTakes[j % this.blockTokens] as number;
  }

  /**
   * Plan the run that continues the pure-decode iteration 0 composed at `startS` with duration
   * `firstS` and compute seconds `firstComputeS`; `w` is iteration 0's work (reused as scratch).
   * Returns the run length (1 when nothing can be batched with it).
   */
  plan(
    running: readonly InferenceRequest[],
    freeBlocks: number,
    maxIterations: number,
    steps: DecodeStepCache,
    w: IterationWork,
    startS: number,
    firstS: number,
    firstComputeS: number,
  ): number {
    const bt = this.blockTokens;
    const batch = running.length;
    let limit = maxIterations;
    this.phaseTakes.fill(0);
    if (this.firstTake.length < batch) this.firstTake = new Int32Array(Math.max(batch, this.firstTake.length * 2));
    for (let i = 0; i < batch; i++) {
      const r = running[i] as InferenceRequest;
      const left = r.outputTokens - r.generated;
      if (left < limit) limit = left;
      const next = r.blocks * bt - r.kvTokens;
      // Block bookkeeping outside the invariant (1..bt steps to the next take) falls back to one iteration.
      if (next < 1 || next > bt) limit = 1;
      this.firstTake[i] = next;
      (this.phaseTakes[next % bt] as number)++;
    }
    this.batch = batch;
    this.endS[0] = startS + firstS;
    this.computeS[0] = firstComputeS;
    let length = 1;
    let taken = 0;
    const decode = w.decodeTokens;
    let kvRead = w.kvTokensRead;
    let endS = startS + firstS;
    while (length < limit) {
      const takes = this.phaseTakes[length % bt] as number;
      if (taken + takes > freeBlocks) break;
      taken += takes;
      kvRead += batch;
      w.kvTokensRead = kvRead;
      w.attentionPairs = kvRead + decode;
      steps.price(w);
      if (length >= this.endS.length) this.ensureCapacity(length * 2);
      endS += steps.durationS;
      this.endS[length] = endS;
      this.computeS[length] = steps.computeS;
      length++;
    }
    this.length = length;
    this.applied = 1;
    return length;
  }

  /** Blocks sequence `i` took at the starts of iterations 1..last. */
  blocksTaken(i: number, last: number): number {
    const first = this.firstTake[i] as number;
    return first > last ? 0 : Math.floor((last - first) / this.blockTokens) + 1;
  }

  /** Forget the run. */
  clear(): void {
    this.length = 0;
    this.applied = 0;
  }

  private ensureCapacity(n: number): void {
    if (n <= this.endS.length) return;
    const endS = new Float64Array(n);
    endS.set(this.endS);
    this.endS = endS;
    const computeS = new Float64Array(n);
    computeS.set(this.computeS);
    this.computeS = computeS;
  }
}
