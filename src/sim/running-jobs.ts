import { BTree } from "./btree.js";
import type { Job } from "./job.js";
import { MergeCursor } from "./merge-cursor.js";

/**
 * The running jobs, indexed by expected end for backfilling: jobs before their planned end
 * (start + estimate) in one B+ tree by that end, jobs past it (expected to need their estimate once
 * more: now + estimate) in another by estimate, both with ties in start order. Iterating by expected
 * end merges the two lazily, so a backfill pass reads only the few ends it needs.
 */
export class RunningJobs {
  private readonly byIndex = new Map<number, Job>();
  private readonly planned = new BTree<Job, undefined>(undefined, (a, b) => a.plannedEndS - b.plannedEndS || a.runSequence - b.runSequence);
  private readonly overdue = new BTree<Job, undefined>(undefined, (a, b) => a.estimateS - b.estimateS || a.runSequence - b.runSequence);
  private sequence = 0;

  /** Number of running jobs. */
  get size(): number {
    return this.byIndex.size;
  }

  /** The running job with this index, if any. */
  get(index: number): Job | undefined {
    return this.byIndex.get(index);
  }

  /** Running jobs in start order. */
  values(): IterableIterator<Job> {
    return this.byIndex.values();
  }

  /** A job started (or restarted). */
  add(job: Job): void {
    job.runSequence = this.sequence++;
    job.plannedEndS = job.startS + job.estimateS;
    job.runOverdue = false;
    this.byIndex.set(job.index, job);
    this.planned.set(job, undefined);
  }

  /** A job stopped running. */
  delete(job: Job): void {
    if (!this.byIndex.delete(job.index)) return;
    (job.runOverdue ? this.overdue : this.planned).delete(job);
  }

  /** Running jobs in order of expected end at `nowS` (see `expectedEndS`), ties in start order. */
  *byExpectedEnd(nowS: number): IterableIterator<Job> {
    for (let job = this.planned.minKey(); job !== undefined && !(job.plannedEndS > nowS); job = this.planned.minKey()) {
      this.planned.delete(job);
      job.runOverdue = true;
      this.overdue.set(job, undefined);
    }
    const endOf = (job: Job) => (job.plannedEndS > nowS ? job.plannedEndS : nowS + job.estimateS);
    const cursor = new MergeCursor<Job>((a, b) => endOf(a) - endOf(b) || a.runSequence - b.runSequence);
    cursor.add(this.planned.keys());
    cursor.add(this.overdue.keys());
    for (let job = cursor.current(); job !== undefined; job = cursor.current()) {
      yield job;
      cursor.advance();
    }
  }
}
