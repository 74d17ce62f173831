import { BTree } from "./btree.js";
import type { JobView, QueueContext, QueuePolicy } from "../policies/types.js";
import type { Job } from "./job.js";
import { MinWeightTreap } from "./min-weight-treap.js";
import { type JobGroup, type QueueShape, type ScanVerdict, scanShapes } from "./shape-scan.js";

export type { JobGroup, ScanVerdict } from "./shape-scan.js";

/**
 * Everything a queue or backfill decision may depend on besides the job's place in the queue and
 * its estimate: jobs with equal shapes fit, and fail to fit, in the same places.
 */
export function shapeKey(job: JobView): string {
  return `${job.gpus}|${job.gpuMilli}|${job.gpuType ?? ""}|${job.gpuTypes?.join(",") ?? ""}|${job.singleNode === true ? 1 : 0}|${job.cpuMilli}|${job.memoryMiB}`;
}

/** True for queued work that can start without a completely free GPU (CPU-only or a GPU share). */
function needsNoWholeGpu(job: Job): boolean {
  return job.gpus === 0 || job.gpuMilli < 1000;
}

/**
 * The waiting jobs of a static policy as a binary min-heap in queue order, each job knowing its
 * position: the head in O(1), insert and delete anywhere in O(log n) comparisons, and FIFO arrivals
 * (behind everyone) in one comparison. Cheaper per job than a B+ tree; passes never walk it in order.
 */
class OrderHeap {
  private readonly jobs: Job[] = [];

  constructor(private readonly order: (a: Job, b: Job) => number) {}

  min(): Job | undefined {
    return this.jobs[0];
  }

  /** Every job, in queue order (a sorted copy: for reports). */
  sorted(): Job[] {
    return [...this.jobs].sort(this.order);
  }

  push(job: Job): void {
    this.jobs.push(job);
    this.siftUp(this.jobs.length - 1);
  }

  delete(job: Job): void {
    const jobs = this.jobs;
    const i = job.queuePosition;
    if (i < 0 || jobs[i] !== job) return;
    job.queuePosition = -1;
    const last = jobs.pop() as Job;
    if (i === jobs.length) return;
    jobs[i] = last;
    if (i > 0 && this.order(last, jobs[(i - 1) >> 1] as Job) < 0) this.siftUp(i);
    else this.siftDown(i);
  }

  private siftUp(i: number): void {
    const jobs = this.jobs;
    const job = jobs[i] as Job;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = jobs[parent] as Job;
      if (!(this.order(job, above) < 0)) break;
      jobs[i] = above;
      above.queuePosition = i;
      i = parent;
    }
    jobs[i] = job;
    job.queuePosition = i;
  }

  private siftDown(i: number): void {
    const jobs = this.jobs;
    const n = jobs.length;
    const job = jobs[i] as Job;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.order(jobs[right] as Job, jobs[left] as Job) < 0) child = right;
      const below = jobs[child] as Job;
      if (!(this.order(below, job) < 0)) break;
      jobs[i] = below;
      below.queuePosition = i;
      i = child;
    }
    jobs[i] = job;
    job.queuePosition = i;
  }
}

/**
 * The wait queue, indexed so that scheduling passes never rescan or copy it.
 *
 * Static policies (fifo, sjf, priority): one heap in policy order (jobs requeued to the front
 * first, in the order they were requeued), and one group per job shape and estimate in the same
 * order, the groups of a shape in a treap by head with their shortest estimate, so that a backfill
 * scan merges the shapes lazily and skips, without visiting them, every job of a shape that cannot
 * fit and every job longer than one already rejected (see `scanShapes`).
 *
 * Dynamic policies (fair share, quotas): their order changes with usage, so jobs are kept in groups
 * that the policy's `groupKey` and the job shape define, each in submission order; the best job is
 * the best of the groups' heads under the current usage: O(groups) per pick, with no sort.
 */
export class JobQueue {
  private readonly staticOrder: (a: Job, b: Job) => number;
  private readonly all: OrderHeap | undefined;
  private readonly groups = new Map<string, JobGroup>();
  /** The shapes of static policies' groups. */
  private readonly shapes = new Map<string, QueueShape>();
  /** Waiting jobs by index (also the membership test). */
  private readonly byIndex = new Map<number, Job>();
  /**
   * Whether the shape groups are maintained: always for dynamic policies, for static ones from the
   * first backfill scan on (a run without backfill never builds a shape key).
   */
  private groupsLive: boolean;
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
    this.all = dynamic ? undefined : new OrderHeap(this.staticOrder);
    this.groupsLive = dynamic;
  }

  /** Number of waiting jobs. */
  get length(): number {
    return this.byIndex.size;
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
    if (this.all !== undefined) return this.all.sorted();
    const order = (a: Job, b: Job) => this.policy.compare(a, b, this.context) || a.index - b.index;
    return [...this.byIndex.values()].sort(order);
  }

  /** Add a job at its place (at the front when it is a requeued job marked so, behind earlier such jobs). */
  push(job: Job): void {
    job.frontSequence = job.requeueFront && this.all !== undefined ? this.frontSequence++ : -1;
    if (needsNoWholeGpu(job)) this.noWholeGpu++;
    this.byIndex.set(job.index, job);
    if (this.groupsLive) this.addToGroup(job);
    this.all?.push(job);
  }

  private addToGroup(job: Job): void {
    const shape = shapeKey(job);
    // Dynamic policies order a group by submission whatever the estimates (see `QueuePolicy.groupKey`), so theirs leave it out.
    const key = this.all === undefined ? `${this.policy.groupKey?.(job) ?? `#${job.index}`}/${shape}` : `${shape}|${job.estimateS}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { key, head: job, tree: undefined, estimateS: job.estimateS, shape: this.all === undefined ? undefined : this.shapeOf(shape) };
      this.groups.set(key, group);
      group.shape?.groups.insert(group);
    } else {
      let tree = group.tree;
      if (tree === undefined) {
        tree = new BTree<Job, undefined>(undefined, this.staticOrder);
        tree.set(group.head, undefined);
        group.tree = tree;
      }
      tree.set(job, undefined);
      if (this.staticOrder(job, group.head) < 0) this.rehead(group, job);
    }
    job.queueGroupKey = key;
  }

  private shapeOf(key: string): QueueShape {
    let shape = this.shapes.get(key);
    if (shape === undefined) {
      const byHead = (a: JobGroup, b: JobGroup) => this.staticOrder(a.head, b.head);
      shape = { key, groups: new MinWeightTreap<JobGroup>(byHead, (g) => g.estimateS), bound: Number.POSITIVE_INFINITY };
      this.shapes.set(key, shape);
    }
    return shape;
  }

  /** A group's first job changed: its place among its shape's groups moves with it. */
  private rehead(group: JobGroup, head: Job): void {
    group.shape?.groups.delete(group);
    group.head = head;
    group.shape?.groups.insert(group);
  }

  /** Remove a waiting job (it started). */
  remove(job: Job): void {
    if (this.byIndex.get(job.index) !== job) return;
    this.byIndex.delete(job.index);
    if (needsNoWholeGpu(job)) this.noWholeGpu--;
    // The job holds its group's key, not the group: sorted-btree keeps the last key it iterated in a
    // module-level array, and a Job that reached its group's tree (and its comparator) would keep the whole run alive.
    const key = job.queueGroupKey;
    const group = key === undefined ? undefined : this.groups.get(key);
    job.queueGroupKey = undefined;
    if (group !== undefined) {
      const tree = group.tree;
      tree?.delete(job);
      if (tree === undefined || tree.size === 0) {
        this.groups.delete(group.key);
        const shape = group.shape;
        if (shape !== undefined) {
          shape.groups.delete(group);
          if (shape.groups.size === 0) this.shapes.delete(shape.key);
        }
      } else if (group.head === job) this.rehead(group, tree.minKey() as Job);
    }
    this.all?.delete(job);
  }

  /** The first job in queue order (static policies). */
  first(): Job | undefined {
    return this.all?.min();
  }

  /**
   * Visit the waiting jobs in queue order, except `exclude`, for a backfill decision (static
   * policies; see `scanShapes` for what each verdict skips). At most `maxVisits` jobs are visited.
   */
  scan(exclude: Job, freeFor: (job: Job) => number, visit: (job: Job) => ScanVerdict, maxVisits = Number.POSITIVE_INFINITY): void {
    if (!this.groupsLive) {
      this.groupsLive = true;
      for (const job of this.byIndex.values()) this.addToGroup(job);
    }
    scanShapes(this.shapes.values(), this.staticOrder, exclude, freeFor, visit, maxVisits);
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
      const head = group.head;
      if (!admit(head)) continue;
      if (best === undefined || (this.policy.compare(head, best, this.context) || head.index - best.index) < 0) {
        best = head;
        bestGroup = group;
      }
    }
    return best === undefined ? undefined : { job: best, group: bestGroup as JobGroup };
  }
}
