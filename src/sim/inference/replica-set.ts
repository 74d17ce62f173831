import type { ReplicaRequest } from "../service-host.js";
import { Level } from "./fleet-counters.js";
import { Replica, type ReplicaEvents } from "./replica.js";
import { TensorParallelLinks } from "./tp-links.js";
import type { InferenceRequest } from "./request.js";
import type { ServiceContext } from "./service.js";
import type { ServiceSetup } from "./service-setup.js";

/** What the replica set tells its service. */
export interface ReplicaSetHooks {
  /** A request finished. */
  completed(r: InferenceRequest): void;
  /** A replica started accepting requests. */
  ready(): void;
  /** An iteration ended somewhere. */
  afterIteration(): void;
  /** A lost replica's requests. */
  orphaned(requests: InferenceRequest[]): void;
  /** Waiting requests of a draining replica, to route elsewhere. */
  requeue(requests: InferenceRequest[]): void;
  /** False while the service reacts to every iteration end (its queue holds requests). */
  mayRunIterations(): boolean;
}

/**
 * The replicas of one service and their lifecycle on the shared GPU pool: acquire (through the
 * host's placement, possibly preempting training), provision (model load delay), serve, drain and
 * release; a replica lost to a failure is replaced. Tracks busy and ready replica-time for the
 * autoscaler.
 */
export class ReplicaSet implements ReplicaEvents {
  /** Replicas provisioning, ready or draining. */
  readonly all: Replica[] = [];
  /** Ready replicas (the router's choices), in creation order. */
  readonly accepting: Replica[] = [];
  /** Replicas wanted (provisioning + ready). */
  wanted = 0;
  /** True while a wanted replica could not get GPUs (retried when capacity frees). */
  blocked = false;
  /** Ready replicas running an iteration. */
  readonly busy = new Level();
  /** Ready (and draining) replicas. */
  readonly ready = new Level();
  /** Region requests without an origin come from. */
  readonly homeRegion: string;
  private created = 0;
  /** Compute seconds of replicas no longer in the set. */
  private retiredComputeS = 0;
  /** KV block-seconds of replicas no longer in the set. */
  private retiredBlockAreaS = 0;
  private readonly tp: number;
  private readonly readyHandler = (leaseId: number): void => this.makeReady(leaseId);

  constructor(
    private readonly setup: ServiceSetup,
    private readonly ctx: ServiceContext,
    private readonly hooks: ReplicaSetHooks,
  ) {
    this.tp = setup.spec.replicas.tensorParallel;
    const regions = setup.spec.replicas.regions;
    const clusterRegions = new Set(ctx.host.cluster.nodes.map((n) => n.region));
    this.homeRegion = regions?.length === 1 ? (regions[0] as string) : clusterRegions.size === 1 ? ([...clusterRegions][0] as string) : "";
  }

  /** Seconds from acquiring GPUs to serving for scale-ups and replacements. */
  get provisioningDelayS(): number {
    return this.setup.spec.autoscaler?.provisioningDelayS ?? 0;
  }

  /** Seconds of tensor-core work (FLOPs at the sustained rate) started so far, over every replica the set had. */
  get computeS(): number {
    let s = this.retiredComputeS;
    for (const r of this.all) s += r.computeS;
    return s;
  }

  /** KV blocks in use now over the set's replicas. */
  usedBlocksNow(): number {
    let n = 0;
    for (const r of this.all) n += r.usedBlocksNow;
    return n;
  }

  /** KV block-seconds in use from 0 to `endS` (replicas sum their own signals, so lazily advanced runs add up exactly). */
  blockAreaS(endS: number): number {
    let s = this.retiredBlockAreaS;
    for (const r of this.all) {
      r.sync();
      s += r.blockLevel.integral(endS);
    }
    return s;
  }

  /** End every replica's run of iterations at its next iteration boundary (the service queue starts holding requests). */
  stopBatchingIterations(): void {
    for (const r of this.all) r.stopBatchingIterations();
  }

  /** Replicas provisioning or ready (not draining). */
  get active(): number {
    let n = 0;
    for (const r of this.all) if (r.state === "provisioning" || r.state === "ready") n++;
    return n;
  }

  /** Replicas still loading. */
  get provisioning(): number {
    let n = 0;
    for (const r of this.all) if (r.state === "provisioning") n++;
    return n;
  }

  /** Start the initial replicas, serving at once. */
  start(): void {
    if (!this.setup.feasible) return;
    this.wanted = this.setup.spec.replicas.count;
    this.ensure(0);
  }

  /** Acquire replicas until `wanted` are active; marks the set blocked when GPUs run out. */
  ensure(delayS = this.provisioningDelayS): void {
    if (!this.setup.feasible) return;
    let active = this.active;
    while (active < this.wanted) {
      if (!this.add(delayS)) {
        this.blocked = true;
        return;
      }
      active++;
    }
    this.blocked = false;
  }

  /** Change the wanted count: acquire, cancel provisioning replicas, or drain the least loaded. */
  scaleTo(wanted: number): void {
    this.wanted = wanted;
    let excess = this.active - wanted;
    if (excess <= 0) {
      this.ensure();
      return;
    }
    this.blocked = false;
    for (let i = this.all.length - 1; i >= 0 && excess > 0; i--) {
      const r = this.all[i] as Replica;
      if (r.state !== "provisioning") continue;
      r.evacuate();
      this.remove(r);
      this.ctx.host.release(r.lease);
      excess--;
    }
    while (excess-- > 0) {
      let pick: Replica | undefined;
      for (const r of this.accepting) if (pick === undefined || r.outstandingRequests <= pick.outstandingRequests) pick = r;
      if (pick === undefined) break;
      this.drain(pick);
    }
  }

  private add(delayS: number): boolean {
    const spec = this.setup.spec;
    const regions = spec.replicas.regions;
    const request: ReplicaRequest = {
      gpus: this.tp,
      gpuMilli: 1000,
      gpuType: spec.gpu,
      singleNode: true,
      cpuMilli: 0,
      memoryMiB: 0,
      // Like vLLM, a replica reserves its share of HBM up front for weights and the KV cache.
      hbmBytesPerGpu: this.ctx.host.gpuSpec(spec.gpu).hbmBytes * spec.kvCache.gpuMemoryUtilization,
      owner: spec.name,
      tenant: spec.tenant,
      priority: spec.priority,
      preempt: spec.preemptTraining,
      region: regions === undefined ? undefined : regions[this.created % regions.length],
    };
    const lease = this.ctx.host.acquire(request);
    if (lease === null) return false;
    this.created++;
    const network = this.ctx.host.network;
    const links = network !== undefined && this.tp > 1 ? new TensorParallelLinks(network, lease.gpus) : null;
    const replica = new Replica(this.ctx.host.sim, this.setup.config, this, lease, links);
    lease.onLost = () => this.lost(replica);
    this.all.push(replica);
    if (delayS === 0) this.makeReady(lease.id);
    else replica.pendingEvent = this.ctx.host.sim.schedule(delayS, this.readyHandler, lease.id);
    return true;
  }

  private makeReady(leaseId: number): void {
    const replica = this.all.find((r) => r.lease.id === leaseId && r.state === "provisioning");
    if (replica === undefined) return;
    const nowS = this.ctx.host.sim.nowS;
    replica.pendingEvent = null;
    replica.state = "ready";
    this.accepting.push(replica);
    this.ready.add(nowS, 1);
    this.ctx.counters.readyReplicas.add(nowS, 1);
    this.ctx.counters.totalBlocks.add(nowS, this.setup.config.totalBlocks);
    this.hooks.ready();
  }

  /** Take a replica out of the set (counters follow when it had been ready). */
  private remove(replica: Replica): void {
    const nowS = this.ctx.host.sim.nowS;
    if (replica.state === "ready" || replica.state === "draining") {
      this.ready.add(nowS, -1);
      this.ctx.counters.readyReplicas.add(nowS, -1);
      this.ctx.counters.totalBlocks.add(nowS, -this.setup.config.totalBlocks);
    }
    replica.state = "gone";
    const i = this.all.indexOf(replica);
    if (i >= 0) {
      this.all.splice(i, 1);
      // Its blocks are free by now, so the signal stays flat: the area up to any later time is the same.
      this.retiredComputeS += replica.computeS;
      this.retiredBlockAreaS += replica.blockLevel.integral(nowS);
    }
    const j = this.accepting.indexOf(replica);
    if (j >= 0) this.accepting.splice(j, 1);
  }

  /** A failure took the replica's GPUs (the lease is already released): its requests retry elsewhere. */
  private lost(replica: Replica): void {
    if (replica.state === "gone") return;
    const requests = replica.evacuate();
    this.remove(replica);
    this.hooks.orphaned(requests);
    this.ensure();
  }

  private drain(replica: Replica): void {
    replica.state = "draining";
    const j = this.accepting.indexOf(replica);
    if (j >= 0) this.accepting.splice(j, 1);
    this.hooks.requeue(replica.takeWaiting());
    if (replica.running.length === 0) this.retire(replica);
  }

  private retire(replica: Replica): void {
    replica.evacuate();
    this.remove(replica);
    this.ctx.host.release(replica.lease);
  }

  /** Requests waiting in replica queues. */
  queuedAtReplicas(): number {
    let n = 0;
    for (const r of this.all) n += r.waiting.length;
    return n;
  }

  /** Take every request off every replica (end of the run). */
  evacuateAll(): InferenceRequest[] {
    return this.all.flatMap((r) => r.evacuate());
  }

  completed(r: InferenceRequest): void {
    this.hooks.completed(r);
  }

  iterationEnded(replica: Replica): void {
    if (replica.state === "draining" && replica.outstandingRequests === 0) this.retire(replica);
    this.hooks.afterIteration();
  }

  busyChanged(_replica: Replica, busy: boolean): void {
    this.ctx.host.busyChanged(busy ? this.tp : -this.tp);
    this.busy.add(this.ctx.host.sim.nowS, busy ? 1 : -1);
  }

  iterationStarted(sequences: number): void {
    this.ctx.counters.batchSizes.add(sequences);
  }

  mayRunIterations(): boolean {
    return this.hooks.mayRunIterations();
  }
}
