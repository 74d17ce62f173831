import type { RandomStream } from "../../engine/rng.js";
import type { RequestGroup } from "../../metrics/request-group.js";
import type { RequestMetrics } from "../../metrics/request-metrics.js";
import type { RouterPolicy } from "../../policies/router/router-types.js";
import { PolicyViolationError } from "../cluster-scheduler.js";
import type { ServiceHost } from "../service-host.js";
import { type FleetCounters, Level } from "./fleet-counters.js";
import type { ServiceSetup } from "./service-setup.js";
import { InferenceRequest, LatencyTable } from "./request.js";
import { RequestDeque } from "./request-deque.js";
import type { RequestSource } from "./request-source.js";
import type { Replica } from "./replica.js";
import { ReplicaSet } from "./replica-set.js";
import { WanTransfers } from "./wan-transfers.js";

/** What a service shares with the rest of the fleet. */
export interface ServiceContext {
  host: ServiceHost;
  metrics: RequestMetrics;
  counters: FleetCounters;
  /** Next run-wide request id. */
  nextRequestId(): number;
  /** No arrivals are scheduled after this time. */
  horizonS: number;
}

/**
 * One inference service: arrivals, admission (requests that can never fit are rejected),
 * routing over the replicas that accept requests, a service queue while none does, WAN latency,
 * retries when a replica is lost, and the replica set it scales.
 */
export class InferenceService {
  /** The service's replicas. */
  readonly replicas: ReplicaSet;
  /** Requests waiting for a replica. */
  readonly queue = new RequestDeque();
  /** Requests on their way to a replica (WAN latency). */
  readonly inTransit = new Map<number, InferenceRequest>();
  /** Arrivals since the autoscaler last looked. */
  arrivalsInWindow = 0;
  /** Requests of this service arrived (and admitted) and not yet ended. */
  readonly inSystem = new Level();
  /** Requests rejected at arrival because their prompt exceeds maxBatchTokens without chunked prefill. */
  overBatchTokens = 0;
  private readonly transitTarget = new Map<number, Replica>();
  private readonly groups: RequestGroup[];
  private readonly latencies: LatencyTable;
  private readonly origins: string[];
  private readonly routerRng: RandomStream;
  private sequence = 0;
  private readonly arriveHandler = (): void => this.arrive();
  private readonly transitHandler = (id: number): void => this.land(id);
  /** Prompt and output bytes over the topology's WAN links, when the run has a flow network. */
  private readonly wan: WanTransfers | null;

  constructor(
    readonly setup: ServiceSetup,
    private readonly ctx: ServiceContext,
    private readonly source: RequestSource,
    private readonly router: RouterPolicy,
  ) {
    const spec = setup.spec;
    this.groups = setup.classes.map((c) => ctx.metrics.group(spec.name, c.name, c.slo ?? spec.slo));
    this.wan = ctx.host.network === undefined ? null : new WanTransfers(ctx.host.network, this.transitHandler);
    const wan = this.wan;
    this.latencies = new LatencyTable(spec.wanLatencyS, spec.regionLatencyS ?? {}, wan === null ? undefined : (from, to) => wan.latencyS(from, to));
    this.origins = (spec.origins ?? []).map((o) => o.region);
    this.routerRng = ctx.host.rng.stream(`inference:${spec.name}:router`);
    this.replicas = new ReplicaSet(setup, ctx, {
      completed: (r) => this.complete(r),
      ready: () => this.pump(),
      afterIteration: () => {
        if (this.queue.length > 0) this.pump();
      },
      orphaned: (requests) => this.retry(requests),
      requeue: (requests) => {
        for (const r of requests) this.dispatch(r);
      },
      mayRunIterations: () => this.queue.length === 0,
    });
  }

  /** Start the replicas and schedule the first arrival. */
  start(): void {
    this.replicas.start();
    if (this.source.next() && this.source.draft.arrivalS <= this.ctx.horizonS) this.ctx.host.sim.scheduleAt(this.source.draft.arrivalS, this.arriveHandler);
  }

  /** Requests waiting for a batch (service queue, replica queues, in transit). */
  get queuedRequests(): number {
    return this.queue.length + this.inTransit.size + this.replicas.queuedAtReplicas();
  }

  private arrive(): void {
    const d = this.source.draft;
    const ctx = this.ctx;
    const nowS = ctx.host.sim.nowS;
    const setup = this.setup;
    const maxOutput = Math.max(0, setup.model.maxContextTokens - d.promptTokens);
    const region = this.origins.length === 0 ? this.replicas.homeRegion : (this.origins[d.originIndex] as string);
    const group = this.groups[d.classIndex] as RequestGroup;
    const r = new InferenceRequest(ctx.nextRequestId(), this.sequence++, group, region, nowS, d.promptTokens, Math.min(d.outputTokens, maxOutput), this.latencies);
    ctx.metrics.onSubmitted(group);
    this.arrivalsInWindow++;
    if (this.source.next() && d.arrivalS <= ctx.horizonS) ctx.host.sim.scheduleAt(Math.max(nowS, d.arrivalS), this.arriveHandler);
    const tooLong = r.promptTokens >= setup.model.maxContextTokens && !setup.model.embedding;
    if (!setup.feasible || tooLong || setup.blocksFor(r.promptTokens + r.outputTokens) > setup.capacity.blocks) {
      this.end(r, "rejected");
      return;
    }
    // Without chunked prefill a prompt must fit one iteration's token budget; vLLM ignores longer ones at once.
    const batching = setup.spec.batching;
    if (!batching.chunkedPrefill && r.promptTokens > batching.maxBatchTokens) {
      this.overBatchTokens++;
      this.end(r, "rejected");
      return;
    }
    this.track(1);
    this.dispatch(r);
  }

  /** Simulated time now. */
  ctxNowS(): number {
    return this.ctx.host.sim.nowS;
  }

  /** Schedule a service-level timer. */
  scheduleIn(delayS: number, handler: () => void): void {
    this.ctx.host.sim.schedule(delayS, handler);
  }

  /** True while arrivals remain. */
  get hasMoreArrivals(): boolean {
    return this.source.hasMore;
  }

  private track(delta: number): void {
    const nowS = this.ctx.host.sim.nowS;
    this.ctx.counters.lastActivityS = nowS;
    this.inSystem.add(nowS, delta);
    this.ctx.counters.inSystem.add(nowS, delta);
  }

  private end(r: InferenceRequest, status: "rejected" | "failed"): void {
    r.endS = this.ctx.host.sim.nowS;
    this.ctx.counters.lastActivityS = r.endS;
    this.ctx.metrics.onEnded(r, r.group, status);
  }

  private complete(r: InferenceRequest): void {
    // The output streams back to the origin (its timing is the route's latency, already in endS).
    if (this.wan !== null && r.latencyS > 0) this.wan.send(r.servedRegion, r.region, r.outputTokens, -1);
    this.track(-1);
    this.ctx.metrics.onEnded(r, r.group, "completed");
  }

  /** Route a request, or hold it in the service queue. */
  private dispatch(r: InferenceRequest): void {
    const accepting = this.replicas.accepting;
    if (accepting.length === 0 || this.queue.length > 0) {
      this.hold(r);
      return;
    }
    if (!this.route(r)) this.hold(r);
  }

  private hold(r: InferenceRequest): void {
    const max = this.setup.spec.maxQueuedRequests;
    if (max !== undefined && this.queue.length >= max) {
      this.track(-1);
      this.end(r, "rejected");
      return;
    }
    this.queue.push(r);
    // From now on every iteration end pumps the queue, so each iteration must be its own event again.
    if (this.queue.length === 1) this.replicas.stopBatchingIterations();
  }

  /** Ask the router; false when it holds the request back. */
  private route(r: InferenceRequest): boolean {
    const accepting = this.replicas.accepting;
    const index = this.router.route(r, accepting, this.routerRng);
    if (index === null) return false;
    const replica = accepting[index];
    if (!Number.isInteger(index) || replica === undefined) {
      throw new PolicyViolationError(`router ${this.router.name} chose replica ${index} for request ${r.id}, but the service has ${accepting.length} accepting replicas (0..${accepting.length - 1})`);
    }
    r.latencyS = this.latencies.latencyS(r.region, replica.region);
    r.servedRegion = replica.region;
    if (r.latencyS === 0) {
      replica.enqueue(r);
      return true;
    }
    this.inTransit.set(r.id, r);
    this.transitTarget.set(r.id, replica);
    // Over a topology WAN the prompt is a flow (delivery: transfer plus the route's latency), else a fixed delay.
    if (this.wan === null || !this.wan.send(r.region, replica.region, r.promptTokens, r.id)) this.ctx.host.sim.schedule(r.latencyS, this.transitHandler, r.id);
    return true;
  }

  /** A request reaches its replica after the WAN latency; re-routed if the replica stopped accepting. */
  private land(id: number): void {
    const r = this.inTransit.get(id) as InferenceRequest;
    const replica = this.transitTarget.get(id);
    this.inTransit.delete(id);
    this.transitTarget.delete(id);
    if (replica !== undefined && replica.state === "ready") replica.enqueue(r);
    else this.dispatch(r);
  }

  /** Route queued requests while replicas accept them. */
  private pump(): void {
    while (this.queue.length > 0 && this.replicas.accepting.length > 0) {
      if (!this.route(this.queue.peek() as InferenceRequest)) break;
      this.queue.shift();
    }
  }

  /** Requests of a lost replica: resent (bounded retries) or failed. */
  private retry(requests: InferenceRequest[]): void {
    for (const r of requests) {
      r.retries++;
      if (r.retries > this.setup.spec.maxRetries) {
        this.track(-1);
        this.end(r, "failed");
        continue;
      }
      r.resetEngineState(false);
      this.dispatch(r);
    }
  }

  /** Report every request still in the system as unfinished (end of the run). */
  finish(): void {
    const left = [...this.queue.drain(), ...this.inTransit.values(), ...this.replicas.evacuateAll()].sort((a, b) => a.id - b.id);
    for (const r of left) this.ctx.metrics.onEnded(r, r.group, "unfinished");
  }
}
