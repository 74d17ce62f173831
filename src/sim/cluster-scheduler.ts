import type { RandomStream } from "../engine/rng.js";
import { Signal } from "../engine/signal.js";
import type { Simulation } from "../engine/simulation.js";
import { message } from "../messages.js";
import type { Cluster, ClusterView, NodeInfo } from "../model/cluster.js";
import { cpuShareMilli, gpuTypeAllowed, memoryShareMiB, WHOLE_GPU_MILLI } from "../model/resources.js";
import type { BackfillContext, BackfillPolicy, Placement, PlacementPolicy, QueuePolicy } from "../policies/types.js";
import type { Job } from "./job.js";
import { SchedulerBackfillContext } from "./backfill-context.js";
import { DurationExecutor, noCheckpoint } from "./duration-executor.js";
import { type JobGroup, JobQueue } from "./job-queue.js";
import { restrictedView } from "./restricted-view.js";
import { RunningJobs } from "./running-jobs.js";
import { TenantUsage } from "./tenant-usage.js";

/** Runs a started job until it completes and then calls `done(jobIndex)`. */
export interface JobExecutor {
  /** Start (or restart) a placed job. */
  start(job: Job, done: (jobIndex: number) => void): void;
  /** Stop a running job now; returns the seconds of progress it lost (redone after a restart). */
  stop(job: Job): number;
}

/** Why a running job is interrupted. */
export type InterruptCause = "failure" | "preemption";

/** The policies a scheduler runs with. */
export interface SchedulerPolicies {
  queue: QueuePolicy;
  placement: PlacementPolicy;
  backfill: BackfillPolicy;
  /** Most queued jobs a backfill pass examines (Slurm's bf_max_job_test); unlimited when absent. */
  backfillMaxCandidates?: number | undefined;
}

/** GPU-equivalents a job computes on (a 500-milli share of one GPU is half a GPU). */
function gpuShare(job: Job): number {
  return job.gpuMilli === WHOLE_GPU_MILLI ? job.gpus : (job.gpus * job.gpuMilli) / WHOLE_GPU_MILLI;
}

/** Thrown when an (untrusted, possibly plug-in) policy returns an impossible decision. */
export class PolicyViolationError extends Error {
  constructor(text: string) {
    super(text);
    this.name = "PolicyViolationError";
  }
}

function isPlacementArray(decision: Placement | readonly number[]): decision is readonly number[] {
  return Array.isArray(decision);
}

/**
 * Gang scheduler for jobs on a cluster: admission (reject what can never fit), the wait queue,
 * scheduling passes (queue order, placement, backfill) and completions. Emits signals that metrics
 * subscribe to; it keeps no history itself, so memory stays flat over long runs.
 */
export class ClusterScheduler {
  /** A job arrived (before admission). */
  readonly submitted = new Signal<Job>();
  /** A job started on its GPUs. */
  readonly started = new Signal<Job>();
  /** A job ended (completed or rejected). */
  readonly ended = new Signal<Job>();
  /** Allocated GPUs or queue length changed. */
  readonly stateChanged = new Signal<ClusterScheduler>();
  /** GPUs busy computing changed by the given delta. */
  readonly busyChanged = new Signal<number>();
  /** A running job was interrupted (before it is requeued). */
  readonly interrupted = new Signal<{ job: Job; cause: InterruptCause; lostS: number }>();
  /** Runs model-driven jobs (jobs with a plan). */
  trainingExecutor: JobExecutor | undefined;
  /** Runs fixed-duration jobs (replaceable to add checkpoint policies). */
  durationExecutor: JobExecutor;

  private readonly queue: JobQueue;
  private readonly segmentViews = new Map<string, ClusterView>();
  private readonly running = new RunningJobs();
  /** The backfill policy's view of a pass, re-aimed at every pass (built at the first). */
  private passContext: SchedulerBackfillContext | undefined;
  private readonly finishHandler = (jobIndex: number): void => this.finish(jobIndex);

  constructor(
    private readonly sim: Simulation,
    readonly cluster: Cluster,
    private readonly policies: SchedulerPolicies,
    private readonly placementRng: RandomStream,
    /** Tenants' settings and current usage (the context of dynamic queue policies). */
    readonly tenants: TenantUsage = new TenantUsage(sim, cluster, new Map()),
    /** Preempt jobs of tenants over their quota to start within-quota jobs (quota policy). */
    private readonly reclaim = false,
  ) {
    this.queue = new JobQueue(policies.queue, tenants);
    this.durationExecutor = new DurationExecutor(sim, noCheckpoint, () => 0);
  }

  private executorFor(job: Job): JobExecutor {
    return job.plan !== undefined && this.trainingExecutor !== undefined ? this.trainingExecutor : this.durationExecutor;
  }

  /**
   * Stop a running job (a failure took one of its GPUs, or a higher-priority claim preempts it),
   * free its resources and put it back in the queue; `schedule()` is left to the caller so that
   * several interruptions can be applied before the next pass.
   */
  interrupt(job: Job, cause: InterruptCause, requeueFront: boolean, giveUp = false): void {
    if (this.running.get(job.index) !== job) return;
    const lostS = this.executorFor(job).stop(job);
    if (this.executorFor(job) === this.durationExecutor) this.busyChanged.emit(-gpuShare(job));
    this.running.delete(job);
    this.cluster.release(job, job.gpuIndices, job.node);
    this.tenants.change(job.tenant, job, -1);
    job.restarts++;
    job.lostGpuS += lostS * Math.max(1, job.gpus);
    this.interrupted.emit({ job, cause, lostS });
    if (giveUp) {
      job.status = "failed";
      job.reason = `${cause}: interrupted ${job.restarts} times`;
      job.endS = this.sim.nowS;
      this.ended.emit(job);
    } else {
      job.requeueFront = requeueFront;
      this.enqueue(job);
    }
    this.stateChanged.emit(this);
  }

  /** Put a job in the wait queue now (its queue time counts from here). */
  private enqueue(job: Job): void {
    job.queuedAtS = this.sim.nowS;
    this.queue.push(job);
  }

  /** Run a scheduling pass now (after interruptions or repairs). */
  reschedule(): void {
    this.schedule();
    this.stateChanged.emit(this);
  }

  /** Number of waiting jobs. */
  get queuedJobs(): number {
    return this.queue.length;
  }

  /** Number of running jobs. */
  get runningJobs(): number {
    return this.running.size;
  }

  /** Jobs still waiting, in queue order. */
  get waiting(): readonly Job[] {
    return this.queue.items;
  }

  /** Jobs still running, in start order. */
  get runningList(): Job[] {
    return [...this.running.values()];
  }

  /**
   * A job arrives now: reject it if it can never fit, else queue it and try to start work. With
   * `pass: false` the caller runs one pass (`reschedule`) after a burst of arrivals at one instant.
   * Returns true when the job was queued (false: rejected).
   */
  submit(job: Job, pass = true): boolean {
    this.submitted.emit(job);
    if (job.reason === "" && !this.couldEverFit(job)) job.reason = "capacity";
    if (job.reason !== "") {
      job.status = "rejected";
      job.endS = this.sim.nowS;
      this.ended.emit(job);
      return false;
    }
    this.enqueue(job);
    if (pass) this.reschedule();
    return true;
  }

  /** False when no node set of the cluster could hold the job even when empty (it is rejected). */
  private couldEverFit(job: Job): boolean {
    const cluster = this.cluster;
    if (job.gpus > cluster.capacityGpus(job.gpuType)) return false;
    // Common case: a gang of whole GPUs without host resources or model lists fits once capacity does.
    if (job.gpus >= 1 && job.cpuMilli === 0 && job.memoryMiB === 0 && job.gpuTypes === undefined && job.singleNode !== true) return true;
    const fitsNode = (n: NodeInfo, gpusOnNode: number) =>
      (job.gpus === 0 || gpuTypeAllowed(job, n.gpuType)) &&
      cpuShareMilli(job, gpusOnNode) <= n.cpuMilli &&
      memoryShareMiB(job, gpusOnNode) <= n.memoryMiB;
    if (job.gpus <= 1 || job.singleNode === true) return cluster.nodes.some((n) => n.gpuCount >= job.gpus && fitsNode(n, job.gpus));
    // A gang: count GPUs on nodes whose CPU and memory can carry their share.
    let gpus = 0;
    for (const n of cluster.nodes) {
      let take = Math.min(n.gpuCount, job.gpus);
      while (take > 0 && !fitsNode(n, take)) take--;
      gpus += take;
    }
    return gpus >= job.gpus;
  }

  /**
   * A pass for dynamic queue policies (fair share, quotas): repeatedly start the best admitted job
   * under the current usage; a job that does not fit is skipped for the rest of the pass
   * (work-conserving), after trying to reclaim borrowed GPUs for it when enabled. Jobs of one group
   * and shape (see `QueuePolicy.groupKey`) fit alike, so a failure skips the whole group.
   */
  private dynamicPass(): void {
    const policy = this.policies.queue;
    const context = this.tenants;
    const queue = this.queue;
    // Nothing can start without a free GPU, unless a queued job needs none whole (or GPUs can be reclaimed).
    if (!this.reclaim && this.cluster.freeGpus() === 0 && queue.withoutWholeGpu === 0) return;
    const admit = policy.admit === undefined ? () => true : (job: Job) => (policy.admit as NonNullable<QueuePolicy["admit"]>)(job, context);
    const skipped = new Set<JobGroup>();
    for (let pick = queue.best(admit, skipped); pick !== undefined; pick = queue.best(admit, skipped)) {
      const { job, group } = pick;
      if (this.tryStart(job) || (this.reclaim && this.reclaimFor(job) && this.tryStart(job))) queue.remove(job);
      else skipped.add(group);
    }
  }

  /** Preempt the most recent jobs of tenants over their quota until `job` (within its quota) could fit. */
  private reclaimFor(job: Job): boolean {
    const context = this.tenants;
    if (context.usage(job.tenant).gpus + job.gpus > context.tenant(job.tenant).quotaGpus) return false;
    const borrowers = [...this.running.values()]
      .filter((j) => j.tenant !== job.tenant && context.usage(j.tenant).gpus > context.tenant(j.tenant).quotaGpus)
      .sort((a, b) => b.attemptStartS - a.attemptStartS || b.index - a.index);
    let preempted = false;
    for (const victim of borrowers) {
      if (this.viewFor(job).freeGpus(job.gpuType) >= job.gpus) break;
      if (context.usage(victim.tenant).gpus <= context.tenant(victim.tenant).quotaGpus) continue;
      this.interrupt(victim, "preemption", false);
      preempted = true;
    }
    return preempted;
  }

  /** The cluster as a tenant's jobs may see it: only nodes carrying one of its segments. */
  private viewFor(job: Job): ClusterView {
    if (!this.tenants.anySegments) return this.cluster;
    const segments = this.tenants.tenant(job.tenant).segments;
    if (segments === undefined) return this.cluster;
    let view = this.segmentViews.get(job.tenant);
    if (view === undefined) {
      view = restrictedView(this.cluster, (n) => n.labels.some((l) => segments.includes(l)));
      this.segmentViews.set(job.tenant, view);
    }
    return view;
  }

  /** Audit a placement against the tenant's segments (policies are untrusted): a breach stops the run. */
  private auditSegments(job: Job, gpus: readonly number[], node: number | undefined): void {
    if (!this.tenants.anySegments) return;
    const segments = this.tenants.tenant(job.tenant).segments;
    if (segments === undefined) return;
    const nodes = new Set(gpus.map((g) => this.cluster.nodeOfGpu(g)));
    if (node !== undefined) nodes.add(node);
    for (const n of nodes) {
      const info = this.cluster.nodes[n] as NodeInfo;
      if (!info.labels.some((l) => segments.includes(l))) {
        throw new PolicyViolationError(message.segmentViolation(this.policies.placement.name, job.id, job.tenant, info.id, segments));
      }
    }
  }

  /**
   * One scheduling pass: start jobs in queue order; when the head is blocked (after reclaiming
   * borrowed GPUs for it, when enabled), ask the backfill policy which later jobs may start.
   */
  private schedule(): void {
    if (this.policies.queue.dynamic === true) {
      this.dynamicPass();
      return;
    }
    const queue = this.queue;
    for (let head = queue.first(); head !== undefined; head = queue.first()) {
      if (!this.tryStart(head) && !(this.reclaim && this.reclaimFor(head) && this.tryStart(head))) break;
      queue.remove(head);
    }
    if (queue.length < 2 || this.cluster.freeGpus() === 0) return;
    const head = queue.first() as Job;
    const picks = this.policies.backfill.select(this.backfillContext(head));
    for (const pick of picks) {
      const job = queue.get(pick.index);
      if (job === undefined || job === head) continue;
      if (this.tryStart(job)) queue.remove(job);
    }
  }

  private backfillContext(head: Job): BackfillContext {
    this.passContext ??= new SchedulerBackfillContext(this.cluster, this.queue, this.running, this.policies.backfillMaxCandidates);
    return this.passContext.reset(this.sim.nowS, head);
  }

  /** Ask the placement policy for GPUs and start the job; false when it cannot start now. */
  private tryStart(job: Job): boolean {
    const view = this.viewFor(job);
    if (job.gpuMilli === WHOLE_GPU_MILLI && view.freeGpus(job.gpuType) < job.gpus) return false;
    const decision = this.policies.placement.place(job, view, this.placementRng);
    if (decision === null) return false;
    const placement = isPlacementArray(decision) ? { gpus: decision } : decision;
    const problem = Array.isArray(placement.gpus)
      ? this.cluster.checkAllocation(job, placement.gpus, placement.node)
      : "the placement has no gpus list";
    if (problem !== null) throw new PolicyViolationError(message.placementViolation(this.policies.placement.name, job.id, problem));
    this.auditSegments(job, placement.gpus, placement.node);
    const nowS = this.sim.nowS;
    job.gpuIndices = [...placement.gpus];
    job.node = job.gpus === 0 ? placement.node : undefined;
    if (Number.isNaN(job.startS)) job.startS = nowS;
    job.attemptStartS = nowS;
    job.queuedS += nowS - job.queuedAtS;
    this.cluster.allocate(job, job.gpuIndices, job.node);
    this.tenants.change(job.tenant, job, 1);
    this.running.add(job);
    this.started.emit(job);
    const executor = this.executorFor(job);
    if (executor === this.durationExecutor) this.busyChanged.emit(gpuShare(job));
    executor.start(job, this.finishHandler);
    return true;
  }

  /** A running job completes: free its GPUs and try to start waiting work. */
  private finish(jobIndex: number): void {
    const job = this.running.get(jobIndex) as Job;
    this.running.delete(job);
    if (this.executorFor(job) === this.durationExecutor) this.busyChanged.emit(-gpuShare(job));
    this.cluster.release(job, job.gpuIndices, job.node);
    this.tenants.change(job.tenant, job, -1);
    job.endS = this.sim.nowS;
    job.status = "completed";
    this.ended.emit(job);
    this.schedule();
    this.stateChanged.emit(this);
  }
}
