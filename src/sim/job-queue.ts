import type { QueueContext, QueuePolicy } from "../policies/types.js";
import type { Job } from "./job.js";

/**
 * The wait queue, kept sorted by the queue policy with ties in submission order. Insertion is a
 * binary search plus one splice: queues are at most thousands long and are scanned in order on
 * every scheduling pass, which a sorted array serves best.
 */
export class JobQueue {
  private readonly jobs: Job[] = [];
  private readonly order: (a: Job, b: Job) => number;

  constructor(policy: QueuePolicy, context: QueueContext) {
    this.order = (a, b) => policy.compare(a, b, context) || a.index - b.index;
  }

  /** Re-sort by the policy now (dynamic policies, whose order depends on the current usage). */
  resort(): void {
    this.jobs.sort(this.order);
  }

  /** Number of waiting jobs. */
  get length(): number {
    return this.jobs.length;
  }

  /** Waiting jobs in policy order (read-only; do not hold across mutations). */
  get items(): readonly Job[] {
    return this.jobs;
  }

  /** Add a job at its place in policy order (at the front when it is a requeued job marked so). */
  push(job: Job): void {
    const jobs = this.jobs;
    if (job.requeueFront) {
      jobs.unshift(job);
      return;
    }
    let lo = 0;
    let hi = jobs.length;
    // Fast path: FIFO-like arrivals go at the end.
    if (hi === 0 || this.order(jobs[hi - 1] as Job, job) <= 0) {
      jobs.push(job);
      return;
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.order(jobs[mid] as Job, job) <= 0) lo = mid + 1;
      else hi = mid;
    }
    jobs.splice(lo, 0, job);
  }

  /** Remove the given jobs (started ones) in one pass. */
  removeAll(started: ReadonlySet<Job>): void {
    if (started.size === 0) return;
    let kept = 0;
    for (const job of this.jobs) if (!started.has(job)) this.jobs[kept++] = job;
    this.jobs.length = kept;
  }

  /** Remove and return the first job. */
  shift(): Job | undefined {
    return this.jobs.shift();
  }
}
