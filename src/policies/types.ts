import type { RandomStream } from "../engine/rng.js";
import type { ClusterView } from "../model/cluster.js";
import type { GpuName } from "../model/gpus.js";
import type { ResourceRequest } from "../model/resources.js";

/** What queue, placement and backfill policies may know about a job. Read-only. */
export interface JobView extends ResourceRequest {
  /** Job index (arrival order across all workloads). */
  readonly index: number;
  /** Job id as written in jobs.csv. */
  readonly id: string;
  /** Workload name. */
  readonly workload: string;
  /** Tenant name. */
  readonly tenant: string;
  /** Priority; larger runs first under the `priority` queue policy. */
  readonly priority: number;
  /** GPUs requested (a gang: all at once). */
  readonly gpus: number;
  /** Required GPU model, or undefined for any. */
  readonly gpuType: GpuName | undefined;
  /** Submission time in seconds. */
  readonly submitS: number;
  /** Expected run time in seconds, as the scheduler may know it (not the true duration). */
  readonly estimateS: number;
}

/** A job that is running, as backfill policies see it. */
export interface RunningJobView extends JobView {
  /** Start time in seconds. */
  readonly startS: number;
}

/** A tenant as queue policies see it. */
export interface TenantView {
  /** Tenant name. */
  readonly name: string;
  /** GPUs guaranteed to the tenant (quota policy); Infinity when unlimited. */
  readonly quotaGpus: number;
  /** Fair-share weight. */
  readonly weight: number;
  /** May the tenant use GPUs beyond its quota while others leave theirs idle? */
  readonly borrowing: boolean;
}

/** What dynamic queue policies may know about the cluster's use by tenants, right now. */
export interface QueueContext {
  /** Simulated time now. */
  readonly nowS: number;
  /** Total GPUs. */
  readonly totalGpus: number;
  /** Total host memory in MiB (Infinity when nodes do not declare it). */
  readonly totalMemoryMiB: number;
  /** GPUs and host memory a tenant's running work holds now. */
  usage(tenant: string): { readonly gpus: number; readonly memoryMiB: number };
  /** The tenant's settings (defaults for tenants the scenario does not list). */
  tenant(name: string): TenantView;
}

/** Orders the wait queue. Ties (compare = 0) are broken by submission order. */
export interface QueuePolicy {
  /** Registry name. */
  readonly name: string;
  /** One line for `gpufleet policies`. */
  readonly description: string;
  /** Negative when `a` should be scheduled before `b` (`context` is given to dynamic policies). */
  compare(a: JobView, b: JobView, context: QueueContext): number;
  /**
   * True when the order depends on the cluster's current use (fair share, quotas): the scheduler
   * then re-evaluates it before every start instead of keeping the queue sorted on insertion.
   */
  readonly dynamic?: boolean;
  /** May the job start now at all (e.g. within its tenant's quota)? Absent: always. */
  admit?(job: JobView, context: QueueContext): boolean;
  /**
   * Dynamic policies: a key such that jobs with equal keys and equal resource shapes are admitted
   * alike and ordered by submission under every usage (fair share: the tenant). The scheduler then
   * keeps such jobs in groups and compares only the groups' heads: O(groups) per start instead of a
   * sort of the queue. Absent: every job is compared with every other (O(queue) per start).
   */
  groupKey?(job: JobView): string;
}

/** Where a job goes: its GPUs (global indices) and, for CPU-only jobs, the node. */
export interface Placement {
  /** GPUs, `job.gpus` of them; each gets `job.gpuMilli` of its capacity. */
  readonly gpus: readonly number[];
  /** Node index; required when the job asks for no GPUs. */
  readonly node?: number;
}

/** Chooses where a job runs, or returns null when it cannot be placed now. */
export interface PlacementPolicy {
  /** Registry name. */
  readonly name: string;
  /** One line for `gpufleet policies`. */
  readonly description: string;
  /**
   * Pick `job.gpus` GPUs of `job.gpuType` (when set) with `job.gpuMilli` free each, on nodes with
   * CPU and memory for the job's share. A bare array of GPU indices is accepted as a Placement.
   * Must not mutate anything.
   */
  place(job: JobView, cluster: ClusterView, rng: RandomStream): Placement | readonly number[] | null;
}

/**
 * What a backfill scan does with a candidate: start it ("take"), leave it ("pass"), or end the scan
 * ("stop"). Three verdicts also leave later candidates of the same shape (same GPUs, GPU model,
 * share, single-node and host needs), without visiting them; each is valid only when the decision
 * cannot turn in their favour later in the pass:
 * - "pass-shape": those with the same estimate;
 * - "pass-longer": those with an estimate at least as long (a reservation that a job of this length breaks);
 * - "pass-all-estimates": all of them (they do not fit).
 */
export type BackfillVerdict = "take" | "pass" | "pass-shape" | "pass-longer" | "pass-all-estimates" | "stop";

/** What a backfill policy sees when the head of the queue cannot start. */
export interface BackfillContext {
  /** Simulated time now. */
  readonly nowS: number;
  /** The blocked job at the head of the queue. */
  readonly head: JobView;
  /**
   * Offer the jobs behind the head to `visit`, in queue order, skipping (without visiting) those that
   * need more GPUs than are free of their model. "take" and "pass" both go on (the selection is what
   * `select` returns); the scheduler may stop early (a `maxCandidates` bound). Cost: O(log n) per
   * visit; candidates a verdict left cost nothing.
   */
  scan(visit: (job: JobView) => BackfillVerdict): void;
  /** Running jobs in order of expected end (`expectedEndS`), ties in start order; lazy: read only what you need. */
  runningByExpectedEnd(): Iterable<RunningJobView>;
  /** The jobs behind the head, in queue order (built on first use: O(queue); prefer `scan`). */
  readonly candidates: readonly JobView[];
  /** Running jobs (built on first use: O(running); prefer `runningByExpectedEnd`). */
  readonly running: readonly RunningJobView[];
  /** Free GPUs now that the head could use (of its GPU type when it has one). */
  readonly freeGpus: number;
  /** Free GPUs usable by a job (of its type when it has one). */
  freeGpusFor(job: JobView): number;
  /** How many of a running job's GPUs `job` could use once they are released. */
  usableBy(running: RunningJobView, job: JobView): number;
}

/** Decides which queued jobs may start ahead of a blocked head. */
export interface BackfillPolicy {
  /** Registry name. */
  readonly name: string;
  /** One line for `gpufleet policies`. */
  readonly description: string;
  /**
   * Candidates to start now, in order; the scheduler places each (skipping any that no longer fit).
   */
  select(context: BackfillContext): readonly JobView[];
}
