import type { Signal } from "../../engine/signal.js";
import type { Simulation } from "../../engine/simulation.js";
import type { EventHandle } from "../../engine/event-queue.js";
import type { IterationWork, LlmIterationCost } from "../../cost/llm-iteration.js";
import { NETWORK_RUN_ITERATIONS, type TensorParallelLinks } from "./tp-links.js";
import type { ReplicaView } from "../../policies/router/router-types.js";
import type { ReplicaLease } from "../service-host.js";
import { DecodeRun } from "./decode-run.js";
import type { DecodeStepCache } from "./decode-step-cache.js";
import { Level } from "./fleet-counters.js";
import type { ReplicaIterations } from "./replica-iterations.js";
import type { InferenceRequest } from "./request.js";
import { RequestDeque } from "./request-deque.js";

/** The fixed configuration of a service's replicas. */
export interface ReplicaConfig {
  /** Iteration cost model. */
  cost: LlmIterationCost;
  /** KV blocks of a replica. */
  totalBlocks: number;
  /** Tokens per block. */
  blockTokens: number;
  /** Most sequences per iteration. */
  maxBatchSize: number;
  /** Most tokens per iteration. */
  maxBatchTokens: number;
  /** Split prompts across iterations. */
  chunkedPrefill: boolean;
  /** Embedding model: prefill only, no KV cache kept. */
  prefillOnly: boolean;
  /** Most decode iterations one event advances (1: one event per iteration, the reference path). */
  maxIterationsPerEvent: number;
  /** Memo of pure-decode step times (shared by the service's replicas). */
  decodeSteps: DecodeStepCache;
  /** The cost model (and its memo) with tensor-parallel all-reduces over `edgeBytesPerS` per ring edge and direction. */
  costForLink(edgeBytesPerS: number): { cost: LlmIterationCost; decodeSteps: DecodeStepCache };
  /** Bytes each ring edge sends for the all-reduces of an iteration of `tokens` tokens. */
  allReduceBytesPerEdge(tokens: number): number;
  /** Finished iterations, for the trace (emitted only while it has listeners). */
  iterations?: Signal<ReplicaIterations> | undefined;
}

/** Default of `maxIterationsPerEvent`: long enough that events are rare, short enough to bound wasted planning. */
export const defaultMaxIterationsPerEvent = 4096;

/** Smallest and largest run a replica plans at once (see `runBudget`). */
const MIN_RUN_BUDGET = 8;
const MAX_RUN_BUDGET = 1 << 20;

/** What a replica reports to its service. */
export interface ReplicaEvents {
  /** A request produced its last token (already removed from the replica). */
  completed(r: InferenceRequest, replica: Replica): void;
  /** An iteration ended (after its completions). */
  iterationEnded(replica: Replica): void;
  /** The replica started computing (true) or went idle (false). */
  busyChanged(replica: Replica, busy: boolean): void;
  /** An iteration started with `sequences` sequences. */
  iterationStarted(sequences: number): void;
  /**
   * False while something outside the replica reacts to every iteration end (the service queue
   * holds requests and pumps them at each one): then every iteration is its own event.
   */
  mayRunIterations(): boolean;
}

/** Lifecycle of a replica. */
export type ReplicaState = "provisioning" | "ready" | "draining" | "gone";

/**
 * A serving replica: iteration-level continuous batching over a paged KV cache (vLLM's scheduler).
 * Each iteration runs every decoding sequence one token, continues chunked prefills, and admits
 * waiting requests in FIFO order while the batch has sequence slots, tokens and KV blocks. A decode
 * that needs a new block when none is free evicts the most recently admitted sequence (recompute
 * preemption: it returns to the front of the queue and later prefills its prompt and output so far).
 * A run of decode iterations whose batch cannot change is one event (see DecodeRun); what others
 * observe meanwhile (KV blocks in use, iterations and compute seconds started) is brought up to the
 * present by `sync` whenever it is read, so every reader sees what one event per iteration shows.
 * Ties: an iteration ending at exactly the instant of another event counts as ended before it.
 */
export class Replica implements ReplicaView {
  /** Lifecycle state. */
  state: ReplicaState = "provisioning";
  /** Requests waiting to enter the batch. */
  readonly waiting = new RequestDeque();
  /** Requests in the batch, in admission order. */
  readonly running: InferenceRequest[] = [];
  /** KV blocks in use. */
  usedBlocks = 0;
  /** KV blocks the waiting requests' prefills will take. */
  waitingBlocks = 0;
  /** True while an iteration is in flight. */
  busy = false;
  /** Pending provisioning or iteration event. */
  pendingEvent: EventHandle | null = null;
  /** KV blocks in use over time (its integral feeds the summary's kvUtilization). */
  readonly blockLevel = new Level();
  /** Seconds of tensor-core work (FLOPs at the sustained rate) of the iterations started so far. */
  private startedComputeS = 0;
  private readonly work: IterationWork = { prefillTokens: 0, decodeTokens: 0, attentionPairs: 0, kvTokensRead: 0 };
  private readonly run: DecodeRun;
  private readonly endHandler = (): void => this.endIteration();
  /** Cost model in use (the network's share for tensor-parallel replicas on a flow network). */
  private cost: LlmIterationCost;
  private steps: DecodeStepCache;
  private edgeBytesPerS = Number.NaN;
  /**
   * Iterations the next run may plan: doubles while runs go to their end, drops to twice what ran
   * when one is cut short, so iterations priced and then discarded stay within what runs.
   */
  private runBudget = MIN_RUN_BUDGET;
  private runPlanned = 0;
  /** The iteration in flight (or a run's iteration 0) as the trace reports it: start, batch, tokens. */
  private iterationStartS = 0;
  private iterationBatch = 0;
  private iterationPrefill = 0;
  private iterationDecode = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly config: ReplicaConfig,
    private readonly events: ReplicaEvents,
    /** The GPUs the replica holds. */
    readonly lease: ReplicaLease,
    /** All-reduce traffic on the flow network (tensor-parallel replicas when the run has one). */
    private readonly tpLinks: TensorParallelLinks | null = null,
  ) {
    this.run = new DecodeRun(config.blockTokens);
    this.cost = config.cost;
    this.steps = config.decodeSteps;
  }

  /** Region of the replica's GPUs. */
  get region(): string {
    return this.lease.region;
  }
  /** Requests waiting at the replica. */
  get queuedRequests(): number {
    return this.waiting.length;
  }
  /** Requests in the batch. */
  get runningRequests(): number {
    return this.running.length;
  }
  /** Waiting + running. */
  get outstandingRequests(): number {
    return this.waiting.length + this.running.length;
  }
  /** Fraction of KV blocks in use. */
  get kvUtilization(): number {
    this.sync();
    return this.config.totalBlocks === 0 ? 0 : this.usedBlocks / this.config.totalBlocks;
  }
  /** Blocks in use and claimed by waiting requests, over the cache. */
  get kvDemand(): number {
    this.sync();
    return this.config.totalBlocks === 0 ? 0 : (this.usedBlocks + this.waitingBlocks) / this.config.totalBlocks;
  }
  /** KV blocks in use now. */
  get usedBlocksNow(): number {
    this.sync();
    return this.usedBlocks;
  }
  /** Compute seconds of the iterations started so far. */
  get computeS(): number {
    this.sync();
    return this.startedComputeS;
  }

  /**
   * Account the starts of the run's iterations that began by now (block takes at their own start
   * times, batch sizes, compute seconds), as their events would have.
   */
  sync(): void {
    const run = this.run;
    if (run.applied >= run.length) return;
    const nowS = this.sim.nowS;
    while (run.applied < run.length) {
      const j = run.applied;
      const startS = run.endS[j - 1] as number;
      if (startS > nowS) break;
      const takes = run.takesAt(j);
      if (takes > 0) this.takeBlocksAt(takes, startS);
      this.startedComputeS += run.computeS[j] as number;
      this.events.iterationStarted(run.batch);
      run.applied++;
    }
  }

  /** End the run at the end of the iteration in flight (something may change the next batch). */
  private endRunAtNextBoundary(): void {
    const run = this.run;
    if (run.length <= 1) return;
    this.sync();
    if (run.applied >= run.length) return;
    run.length = run.applied;
    this.sim.cancel(this.pendingEvent as EventHandle);
    this.pendingEvent = this.sim.scheduleAt(run.endS[run.length - 1] as number, this.endHandler);
  }

  /** Cut the run short because the service starts reacting to every iteration end. */
  stopBatchingIterations(): void {
    this.endRunAtNextBoundary();
  }
  /** Batch size limit. */
  get maxBatchSize(): number {
    return this.config.maxBatchSize;
  }

  /** Queue a request; starts an iteration when idle. */
  enqueue(r: InferenceRequest): void {
    // A request behind a waiting head cannot enter before it, and the head stays blocked for the rest of a run.
    if (this.waiting.length === 0) this.endRunAtNextBoundary();
    this.waiting.push(r);
    this.waitingBlocks += this.blocksFor(r.prefillTarget);
    if (!this.busy) this.startIteration();
  }

  /** Take every request off the replica (it is lost or drained) and stop its iteration; returns them in order. */
  evacuate(): InferenceRequest[] {
    this.tpLinks?.stop();
    this.sync();
    // The run's iterations that ended before now happened; the one in flight is lost.
    if (this.run.length > 0 && this.run.applied > 1 && this.config.iterations?.hasListeners === true) this.traceIterations(this.config.iterations, this.run.applied - 1);
    this.settleRun(this.run.applied - 1);
    if (this.pendingEvent !== null) this.sim.cancel(this.pendingEvent);
    this.pendingEvent = null;
    if (this.busy) this.setBusy(false);
    const out = [...this.running, ...this.takeWaiting()];
    this.running.length = 0;
    this.freeBlocks(this.usedBlocks);
    return out;
  }

  /** Remove and return the waiting requests. */
  takeWaiting(): InferenceRequest[] {
    this.waitingBlocks = 0;
    return this.waiting.drain();
  }

  private blocksFor(tokens: number): number {
    return this.config.prefillOnly ? 0 : Math.ceil(tokens / this.config.blockTokens);
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.events.busyChanged(this, busy);
  }

  private freeBlocks(n: number): void {
    if (n === 0) return;
    this.usedBlocks -= n;
    this.blockLevel.add(this.sim.nowS, -n);
  }

  private takeBlocks(n: number): void {
    this.takeBlocksAt(n, this.sim.nowS);
  }

  private takeBlocksAt(n: number, atS: number): void {
    this.usedBlocks += n;
    this.blockLevel.add(atS, n);
  }

  /**
   * Apply the progress of the run's first `ended` iterations (all decoding, none completing) to the
   * batch: KV tokens, output tokens and KV blocks held; then forget the run.
   */
  private settleRun(ended: number): void {
    const run = this.run;
    if (run.length === 0) return;
    const running = this.running;
    // Iterations 0..ended-1 ended; 1..ended started (taking their blocks) after iteration 0.
    if (ended > 0) {
      for (let i = 0; i < running.length; i++) {
        const r = running[i] as InferenceRequest;
        r.kvTokens += ended;
        r.generated += ended;
        r.blocks += run.blocksTaken(i, ended);
      }
    }
    run.clear();
  }

  /** Evict the most recently admitted sequence to the front of the queue. */
  private preemptLast(): void {
    const victim = this.running.pop() as InferenceRequest;
    this.freeBlocks(victim.blocks);
    victim.resetEngineState(true);
    victim.preemptions++;
    this.waiting.unshift(victim);
    this.waitingBlocks += this.blocksFor(victim.prefillTarget);
  }

  /** Compose and start the next iteration, or go idle when there is nothing to run. */
  private startIteration(): void {
    const c = this.config;
    const bt = c.blockTokens;
    const w = this.work;
    w.prefillTokens = 0;
    w.decodeTokens = 0;
    w.attentionPairs = 0;
    w.kvTokensRead = 0;
    let budget = c.maxBatchTokens;
    const running = this.running;
    for (let i = 0; i < running.length; i++) {
      const r = running[i] as InferenceRequest;
      const kv = r.kvTokens;
      if (kv >= r.prefillTarget) {
        // Decode: one token; a new block when the next token starts one.
        if (kv + 1 > r.blocks * bt) {
          while (c.totalBlocks - this.usedBlocks < 1 && running.length > i) this.preemptLast();
          if (running.length <= i) break;
          r.blocks++;
          this.takeBlocks(1);
        }
        r.chunk = 1;
        w.decodeTokens++;
        w.attentionPairs += kv + 1;
        w.kvTokensRead += kv;
        budget--;
      } else {
        const chunk = Math.min(r.prefillTarget - kv, Math.max(0, budget));
        r.chunk = chunk;
        if (chunk === 0) continue;
        this.addPrefill(chunk, kv);
        budget -= chunk;
      }
    }
    this.admit(budget);
    const sequences = running.length;
    if (w.prefillTokens + w.decodeTokens === 0) {
      if (this.busy) this.setBusy(false);
      return;
    }
    if (!this.busy) this.setBusy(true);
    if (this.tpLinks !== null) this.priceLinks();
    const tokens = w.prefillTokens + w.decodeTokens;
    const durationS = this.cost.iterationTimeS(w);
    const computeS = Math.min(durationS, this.cost.computeS(w));
    this.startedComputeS += computeS;
    this.events.iterationStarted(sequences);
    const nowS = this.sim.nowS;
    // Kept before planning a run, which reuses `w` as scratch.
    this.iterationStartS = nowS;
    this.iterationBatch = sequences;
    this.iterationPrefill = w.prefillTokens;
    this.iterationDecode = w.decodeTokens;
    if (c.maxIterationsPerEvent > 1 && w.prefillTokens === 0 && w.decodeTokens === sequences && this.events.mayRunIterations()) {
      const cap = Math.min(this.tpLinks === null ? c.maxIterationsPerEvent : Math.min(c.maxIterationsPerEvent, NETWORK_RUN_ITERATIONS), this.runBudget);
      const length = this.run.plan(running, c.totalBlocks - this.usedBlocks, cap, this.steps, w, nowS, durationS, computeS);
      this.runPlanned = length;
      if (length > 1) {
        const endS = this.run.endS[length - 1] as number;
        this.pendingEvent = this.sim.scheduleAt(endS, this.endHandler);
        this.tpLinks?.start(c.allReduceBytesPerEdge(tokens) * length, endS - nowS);
        return;
      }
      this.run.clear();
    }
    this.pendingEvent = this.sim.schedule(durationS, this.endHandler);
    this.tpLinks?.start(c.allReduceBytesPerEdge(tokens), durationS);
  }

  /** Report the first `count` iterations of the run (or the single iteration) that just ended. */
  private traceIterations(iterations: Signal<ReplicaIterations>, count: number): void {
    const inRun = this.run.length > 0;
    iterations.emit({
      leaseId: this.lease.id,
      startS: this.iterationStartS,
      endS: inRun ? this.run.endS : [this.sim.nowS],
      count,
      batch: this.iterationBatch,
      prefillTokens: this.iterationPrefill,
      decodeTokens: this.iterationDecode,
    });
  }

  /** Use the cost model for the bandwidth the ring edges can get now. */
  private priceLinks(): void {
    const edge = (this.tpLinks as TensorParallelLinks).edgeBytesPerS();
    if (edge === this.edgeBytesPerS) return;
    this.edgeBytesPerS = edge;
    const priced = this.config.costForLink(edge);
    this.cost = priced.cost;
    this.steps = priced.decodeSteps;
  }

  private addPrefill(chunk: number, kvBefore: number): void {
    const w = this.work;
    w.prefillTokens += chunk;
    w.attentionPairs += chunk * kvBefore + (chunk * (chunk + 1)) / 2;
    w.kvTokensRead += kvBefore;
  }

  /** Admit waiting requests while sequences, tokens and KV blocks allow. */
  private admit(budget: number): void {
    const c = this.config;
    const running = this.running;
    const nowS = this.sim.nowS;
    while (this.waiting.length > 0 && running.length < c.maxBatchSize && budget > 0) {
      const r = this.waiting.peek() as InferenceRequest;
      const need = r.prefillTarget;
      const alone = this.work.prefillTokens + this.work.decodeTokens === 0;
      if (!c.chunkedPrefill && need > budget && !alone) break;
      const blocks = this.blocksFor(need);
      if (blocks > c.totalBlocks - this.usedBlocks) break;
      this.waiting.shift();
      this.waitingBlocks -= blocks;
      r.blocks = blocks;
      this.takeBlocks(blocks);
      const chunk = c.chunkedPrefill ? Math.min(need, budget) : need;
      r.chunk = chunk;
      if (Number.isNaN(r.startS)) r.startS = nowS;
      running.push(r);
      this.addPrefill(chunk, 0);
      budget -= chunk;
    }
  }

  /** Apply the iteration's progress, hand back finished requests, and go on. */
  private endIteration(): void {
    this.pendingEvent = null;
    this.tpLinks?.stop();
    if (this.config.iterations?.hasListeners === true) this.traceIterations(this.config.iterations, Math.max(1, this.run.length));
    if (this.run.length > 0) {
      const ran = this.run.length;
      if (ran < this.runPlanned) this.runBudget = Math.max(MIN_RUN_BUDGET, 2 * ran);
      else if (ran >= this.runBudget) this.runBudget = Math.min(2 * this.runBudget, MAX_RUN_BUDGET);
      this.sync();
      this.settleRun(ran - 1);
    }
    const running = this.running;
    const nowS = this.sim.nowS;
    let kept = 0;
    for (let i = 0; i < running.length; i++) {
      const r = running[i] as InferenceRequest;
      const chunk = r.chunk;
      if (chunk > 0) {
        r.chunk = 0;
        if (r.kvTokens >= r.prefillTarget) {
          r.kvTokens++;
          r.generated++;
        } else {
          r.kvTokens += chunk;
          if (r.kvTokens >= r.prefillTarget) {
            if (r.outputTokens > 0) r.generated++;
            if (Number.isNaN(r.firstTokenS)) r.firstTokenS = nowS + r.latencyS;
          }
        }
        if (r.kvTokens >= r.prefillTarget && r.generated >= r.outputTokens) {
          this.freeBlocks(r.blocks);
          r.blocks = 0;
          r.endS = nowS + r.latencyS;
          this.events.completed(r, this);
          continue;
        }
      }
      running[kept++] = r;
    }
    running.length = kept;
    this.events.iterationEnded(this);
    if (this.state !== "gone") this.startIteration();
  }
}
