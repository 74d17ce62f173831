import { BTree, type OrderedSet } from "./btree.js";
import type { JobView, QueueContext, QueuePolicy } from "../policies/types.js";
import type { Job } from "./job.js";
import { MergeCursor } from "./merge-cursor.js";

type JobTree = OrderedSet<Job>;

/** What a backfill scan does with a candidate. */
export type ScanVerdict = "take" | "pass" | "pass-shape" | "stop";

/**
 * Everything a queue or backfill decision may depend on besides the job's place in the queue:
 * jobs with equal shapes fit, and fail to fit, in the same places.
 */
export function shapeKey(job: JobView): string {
  return `${job.gpus}|${job.gpuMilli}|${job.gpuType ?? ""}|${job.gpuTypes?.join(",") ?? ""}|${job.singleNode === true ? 1 : 0}|${job.cpuMilli}|${job.memoryMiB}|${job.estimateS}`;
}

/** True for queued work that can start without a completely free GPU (CPU-only or a GPU share). */
function needsNoWholeGpu(job: Job): boolean {
  return job.gpus === 0 || job.gpuMilli < 1000;
}

/**
 * The wait queue, indexed so that scheduling passes never rescan or copy it.
 *
 * Static policies (fifo, sjf, priority): one B+ tree in policy order (jobs requeued to the front
 * first, in the order they were requeued), and one tree per job shape in the same order, so a
 * backfill scan can merge the shapes' heads and drop a whole shape that cannot start in O(log n).
 *
 * Dynamic policies (fair share, quotas): their order changes with usage, so jobs are kept in groups
 * that the policy's `groupKey` and the job shape define, each in submission order; the best job is
 * the best of the groups' heads under the current usage: O(groups) per pick, with no sort.
 */
/**
 * Jobs of one group (one shape, and for dynamic policies one policy group), in the queue's order.
 * Most groups hold one job (estimates are per job), so a lone job is kept without a tree.
 */
export interface JobGroup {
  readonly key: string;
  /** The group's only job while it has one and no tree was needed yet. */
  only: Job | undefined;
  /** All its jobs once a second one came. */
  tree: JobTree | undefined;
}

function groupHead(group: JobGroup): Job {
  return (group.tree === undefined ? group.only : group.tree.minKey()) as Job;
}

/**
 * The wait queue, indexed so that scheduling passes never rescan or copy it.
 *
 * Static policies (fifo, sjf, priority): one B+ tree in policy order (jobs requeued to the front
 * first, in the order they were requeued), and one group per job shape in the same order, so a
 * backfill scan can merge the shapes' heads and drop a whole shape that cannot start in O(log n).
 *
 * Dynamic policies (fair share, quotas): their order changes with usage, so jobs are kept in groups
 * that the policy's `groupKey` and the job shape define, each in submission order; the best job is
 * the best of the groups' heads under the current usage: O(groups) per pick, with no sort.
 */
export class JobQueue {
  private readonly staticOrder: (a: Job, b: Job) => number;
  private readonly all: JobTree | undefined;
  private readonly groups = new Map<string, JobGroup>();
  private readonly groupOf = new Map<Job, JobGroup>();
  private readonly byIndex = new Map<number, Job>();
  private frontSequence = 0;
  private noWholeGpu = 0;

  constructor(
    private readonly policy: QueuePolicy,
    private readonly context: QueueContext,
  ) {
    const dynamic = policy.dynamic === true;
    const byPolicy = (a: Job, b: Job) => policy.compare(a, b, context) || a.index - b.index;
    // A requeued-to-front job goes ahead of all others; such jobs keep the order they were requeued in.
    this.staticOrder = dynamic
      ? (a, b) => a.submitS - b.submitS || a.index - b.index
      : (a, b) => {
          const af = a.frontSequence >= 0;
          const bf = b.frontSequence >= 0;
          if (af !== bf) return af ? -1 : 1;
          return af ? a.frontSequence - b.frontSequence : byPolicy(a, b);
        };
    this.all = dynamic ? undefined : new BTree<Job, undefined>(undefined, this.staticOrder);
  }

  /** Number of waiting jobs. */
  get length(): number {
    return this.groupOf.size;
  }

  /** Waiting jobs that need no completely free GPU (CPU-only or a GPU share). */
  get withoutWholeGpu(): number {
    return this.noWholeGpu;
  }

  /** The waiting job with this index, if any. */
  get(index: number): Job | undefined {
    return this.byIndex.get(index);
  }

  /** Waiting jobs in policy order (materialized: for reports, not for scheduling passes). */
  get items(): readonly Job[] {
    if (this.all !== undefined) return [...this.all.keys()];
    const order = (a: Job, b: Job) => this.policy.compare(a, b, this.context) || a.index - b.index;
    return [...this.groupOf.keys()].sort(order);
  }

  /** Add a job at its place (at the front when it is a requeued job marked so, behind earlier such jobs). */
  push(job: Job): void {
    job.frontSequence = job.requeueFront && this.all !== undefined ? this.frontSequence++ : -1;
    if (needsNoWholeGpu(job)) this.noWholeGpu++;
    const key = this.all === undefined ? `${this.policy.groupKey?.(job) ?? `#${job.index}`}/${shapeKey(job)}` : shapeKey(job);
    this.byIndex.set(job.index, job);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { key, only: job, tree: undefined };
      this.groups.set(key, group);
    } else {
      let tree = group.tree;
      if (tree === undefined) {
        tree = new BTree<Job, undefined>(undefined, this.staticOrder);
        tree.set(group.only as Job, undefined);
        group.tree = tree;
        group.only = undefined;
      }
      tree.set(job, undefined);
    }
    this.groupOf.set(job, group);
    this.all?.set(job, undefined);
  }

  /** Remove a waiting job (it started). */
  remove(job: Job): void {
    const group = this.groupOf.get(job);
    if (group === undefined) return;
    this.groupOf.delete(job);
    this.byIndex.delete(job.index);
    if (needsNoWholeGpu(job)) this.noWholeGpu--;
    const tree = group.tree;
    if (tree === undefined) this.groups.delete(group.key);
    else {
      tree.delete(job);
      if (tree.size === 0) this.groups.delete(group.key);
    }
    this.all?.delete(job);
  }

  /** The first job in queue order (static policies). */
  first(): Job | undefined {
    return this.all?.minKey();
  }

  /**
   * Visit the waiting jobs in queue order, except `exclude`, for a backfill decision (static
   * policies). A shape whose jobs need more GPUs than `freeFor` gives is skipped whole, as is a shape
   * the visitor rejects with "pass-shape"; at most `maxVisits` jobs are visited.
   */
  scan(exclude: Job, freeFor: (job: Job) => number, visit: (job: Job) => ScanVerdict, maxVisits = Number.POSITIVE_INFINITY): void {
    const cursor = new MergeCursor<Job>(this.staticOrder);
    for (const group of this.groups.values()) {
      const head = groupHead(group);
      if (head.gpus > freeFor(head)) continue;
      if (group.tree === undefined) cursor.addOne(head);
      else cursor.add(group.tree.keys());
    }
    let visits = 0;
    for (let job = cursor.current(); job !== undefined && visits < maxVisits; job = cursor.current()) {
      if (job === exclude) {
        cursor.advance();
        continue;
      }
      visits++;
      const verdict = visit(job);
      if (verdict === "stop") return;
      if (verdict === "pass-shape") cursor.dropCurrent();
      else cursor.advance();
    }
  }

  /**
   * The best waiting job under the current usage (dynamic policies): the policy's order over the
   * heads of the groups not in `skipped` whose head `admit` accepts; undefined when none.
   */
  best(admit: (job: Job) => boolean, skipped: ReadonlySet<JobGroup>): { job: Job; group: JobGroup } | undefined {
    let best: Job | undefined;
    let bestGroup: JobGroup | undefined;
    for (const group of this.groups.values()) {
      if (skipped.has(group)) continue;
      const head = groupHead(group);
      if (!admit(head)) continue;
      if (best === undefined || (this.policy.compare(head, best, this.context) || head.index - best.index) < 0) {
        best = head;
        bestGroup = group;
      }
    }
    return best === undefined ? undefined : { job: best, group: bestGroup as JobGroup };
  }
}
