import type { RandomStream } from "../engine/rng.js";
import { Signal } from "../engine/signal.js";
import { message } from "../messages.js";
import type { Cluster, ClusterView, NodeInfo } from "../model/cluster.js";
import type { JobView, Placement, PlacementPolicy } from "../policies/types.js";
import { type ClusterScheduler, PolicyViolationError } from "./cluster-scheduler.js";
import { SegmentGuard } from "./segment-guard.js";
import type { ReplicaLease, ReplicaRequest } from "./service-host.js";

/** A replica's lease and what it asked for. */
export interface HeldLease {
  /** The GPUs granted. */
  lease: ReplicaLease;
  /** The request (owner, tenant, resources). */
  request: ReplicaRequest;
}

/**
 * GPUs held by long-running service replicas (inference), beside the job queue on the same
 * cluster: placement through the scenario's placement policy within the tenant's segments (and
 * the service's region), audited like jobs; optional preemption of lower-priority jobs (requeued,
 * their progress since the last checkpoint lost), and release.
 */
export class ReplicaPool {
  /** Emitted after a release returns GPUs to the pool. */
  readonly capacityFreed = new Signal<void>();
  /** Emitted after a replica was placed (audit.csv, tenant metrics). */
  readonly acquired = new Signal<HeldLease>();
  /** Emitted after a replica's GPUs were returned (released or lost to a failure). */
  readonly released = new Signal<HeldLease>();
  private readonly leases = new Map<number, HeldLease>();
  private nextId = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly scheduler: ClusterScheduler,
    private readonly placement: PlacementPolicy,
    private readonly rng: RandomStream,
    /** Segment views and audit (shared with the job scheduler). */
    private readonly segments: SegmentGuard = new SegmentGuard(cluster, scheduler.tenants),
  ) {}

  /** GPUs held by replicas. */
  get heldGpus(): number {
    let n = 0;
    for (const { lease } of this.leases.values()) n += lease.gpus.length;
    return n;
  }

  /** Place a replica, preempting lower-priority jobs if the request allows; null when it cannot start now. */
  acquire(request: ReplicaRequest): ReplicaLease | null {
    const view = this.segments.viewFor(request.tenant, request.region);
    let gpus = this.tryPlace(request, view);
    let preempted = 0;
    if (gpus === null && request.preempt) {
      // Only jobs holding GPUs the replica may use are worth preempting.
      const usable = (g: number): boolean => {
        const node = this.cluster.nodes[this.cluster.nodeOfGpu(g)] as NodeInfo;
        return (request.region === undefined || node.region === request.region) && this.segments.allows(request.tenant, node);
      };
      const victims = this.scheduler.runningList
        .filter((j) => j.priority < request.priority && j.gpus > 0 && j.gpuIndices.some(usable))
        .sort((a, b) => a.priority - b.priority || b.attemptStartS - a.attemptStartS || b.index - a.index);
      for (const victim of victims) {
        this.scheduler.interrupt(victim, "preemption", false);
        preempted++;
        gpus = this.tryPlace(request, view);
        if (gpus !== null) break;
      }
    }
    if (gpus === null) {
      if (preempted > 0) this.scheduler.reschedule();
      return null;
    }
    this.cluster.allocate(request, gpus);
    this.scheduler.tenants.change(request.tenant, request, 1);
    const region = this.cluster.nodes[this.cluster.nodeOfGpu(gpus[0] as number)]?.region ?? "";
    const lease: ReplicaLease = { id: this.nextId++, gpus, region };
    const held: HeldLease = { lease, request };
    this.leases.set(lease.id, held);
    this.acquired.emit(held);
    this.scheduler.stateChanged.emit(this.scheduler);
    if (preempted > 0) this.scheduler.reschedule();
    return lease;
  }

  /** Return a replica's GPUs; waiting jobs may start on them. */
  release(lease: ReplicaLease): void {
    const held = this.leases.get(lease.id);
    if (held === undefined) return;
    this.leases.delete(lease.id);
    this.cluster.release(held.request, lease.gpus);
    this.scheduler.tenants.change(held.request.tenant, held.request, -1);
    this.released.emit(held);
    this.scheduler.reschedule();
    this.capacityFreed.emit();
  }

  /** Leases holding any of the given GPUs (for failures). */
  leasesOn(gpus: Iterable<number>): ReplicaLease[] {
    const wanted = new Set(gpus);
    return [...this.leases.values()].filter((h) => h.lease.gpus.some((g) => wanted.has(g))).map((h) => h.lease);
  }

  private tryPlace(request: ReplicaRequest, view: ClusterView): readonly number[] | null {
    const asJob: JobView = { ...request, index: -1 - this.nextId, id: `${request.owner}/replica`, workload: request.owner, submitS: 0, estimateS: Number.POSITIVE_INFINITY };
    if (request.gpus > view.freeGpus(request.gpuType) && request.gpuMilli === 1000) return null;
    const decision: Placement | readonly number[] | null = this.placement.place(asJob, view, this.rng);
    if (decision === null) return null;
    const gpus = Array.isArray(decision) ? (decision as readonly number[]) : (decision as Placement).gpus;
    const problem = this.cluster.checkAllocation(request, gpus);
    if (problem !== null) throw new PolicyViolationError(message.placementViolation(this.placement.name, asJob.id, problem));
    if (request.region !== undefined && gpus.some((g) => this.cluster.nodes[this.cluster.nodeOfGpu(g)]?.region !== request.region)) {
      throw new PolicyViolationError(message.placementViolation(this.placement.name, asJob.id, `placed outside region ${request.region}`));
    }
    const breach = this.segments.audit(this.placement.name, "replica", asJob.id, request.tenant, gpus);
    if (breach !== null) throw new PolicyViolationError(breach);
    return gpus;
  }
}
