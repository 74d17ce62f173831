import type { Job } from "./job.js";

/**
 * An indexed binary min-heap of jobs by (key, runSequence), keys and sequences in typed arrays so a
 * comparison reads no Job object; each job knows its position (`runHeapPosition`), so deleting any
 * job is O(log n). In-order reading walks the heap lazily with a small frontier heap (`HeapWalk`).
 */
class JobHeap {
  jobs: (Job | undefined)[] = [];
  keys = new Float64Array(64);
  sequences = new Float64Array(64);
  size = 0;

  /** True when the entry at i orders before the entry at j (key, then sequence; the old comparator's `a - b || s - t < 0`). */
  less(i: number, j: number): boolean {
    const d = (this.keys[i] as number) - (this.keys[j] as number);
    return d < 0 || (!(d > 0) && (this.sequences[i] as number) < (this.sequences[j] as number));
  }

  push(job: Job, key: number): void {
    if (this.size === this.keys.length) this.grow();
    const i = this.size++;
    this.place(i, job, key, job.runSequence);
    this.siftUp(i);
  }

  /** The job at the root (smallest), or undefined. */
  min(): Job | undefined {
    return this.size === 0 ? undefined : this.jobs[0];
  }

  /** Remove the job at position i. */
  removeAt(i: number): void {
    const last = --this.size;
    const removed = this.jobs[i] as Job;
    removed.runHeapPosition = -1;
    if (i !== last) {
      this.place(i, this.jobs[last] as Job, this.keys[last] as number, this.sequences[last] as number);
      this.jobs[last] = undefined;
      if (i > 0 && this.less(i, (i - 1) >> 1)) this.siftUp(i);
      else this.siftDown(i);
    } else {
      this.jobs[last] = undefined;
    }
  }

  private place(i: number, job: Job, key: number, sequence: number): void {
    this.jobs[i] = job;
    this.keys[i] = key;
    this.sequences[i] = sequence;
    job.runHeapPosition = i;
  }

  private swap(i: number, j: number): void {
    const a = this.jobs[i] as Job;
    const b = this.jobs[j] as Job;
    const ka = this.keys[i] as number;
    const sa = this.sequences[i] as number;
    this.place(i, b, this.keys[j] as number, this.sequences[j] as number);
    this.place(j, a, ka, sa);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.size;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.less(right, left) ? right : left;
      if (!this.less(child, i)) return;
      this.swap(child, i);
      i = child;
    }
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    const sequences = new Float64Array(this.sequences.length * 2);
    sequences.set(this.sequences);
    this.sequences = sequences;
  }
}

/**
 * Reads a JobHeap in order without changing it: a min-heap of heap positions (the frontier) whose
 * root is the next position; taking it adds its two children. k reads cost O(k log k).
 */
class HeapWalk {
  private frontier = new Int32Array(16);
  private count = 0;
  private heap: JobHeap | undefined;

  reset(heap: JobHeap): void {
    this.heap = heap;
    this.count = 0;
    if (heap.size > 0) this.insert(0);
  }

  /** Position (in the heap) of the next entry in order, or -1 when done. */
  peek(): number {
    return this.count === 0 ? -1 : (this.frontier[0] as number);
  }

  /** Move past the next entry. */
  advance(): void {
    const heap = this.heap as JobHeap;
    const top = this.frontier[0] as number;
    const f = this.frontier;
    const last = --this.count;
    if (last > 0) {
      f[0] = f[last] as number;
      this.siftDown(0);
    }
    const left = 2 * top + 1;
    if (left < heap.size) this.insert(left);
    if (left + 1 < heap.size) this.insert(left + 1);
  }

  private insert(position: number): void {
    if (this.count === this.frontier.length) {
      const grown = new Int32Array(this.frontier.length * 2);
      grown.set(this.frontier);
      this.frontier = grown;
    }
    const f = this.frontier;
    const heap = this.heap as JobHeap;
    let i = this.count++;
    f[i] = position;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!heap.less(f[i] as number, f[parent] as number)) return;
      const t = f[i] as number;
      f[i] = f[parent] as number;
      f[parent] = t;
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const f = this.frontier;
    const heap = this.heap as JobHeap;
    const n = this.count;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && heap.less(f[right] as number, f[left] as number) ? right : left;
      if (!heap.less(f[child] as number, f[i] as number)) return;
      const t = f[i] as number;
      f[i] = f[child] as number;
      f[child] = t;
      i = child;
    }
  }
}

/**
 * Running jobs in order of expected end at one instant: the two heaps merged lazily, each walked in
 * its own order, the heads compared by expected end (then start order). Reused across passes when
 * the previous reading has finished.
 */
class ExpectedEndCursor implements IterableIterator<Job> {
  private readonly planned = new HeapWalk();
  private readonly overdue = new HeapWalk();
  private plannedHeap: JobHeap | undefined;
  private overdueHeap: JobHeap | undefined;
  private nowS = 0;
  private readonly result: IteratorResult<Job> = { done: false, value: undefined as unknown as Job };
  /** True while a reading is under way (a nested reading gets a cursor of its own). */
  busy = false;

  reset(planned: JobHeap, overdue: JobHeap, nowS: number): this {
    this.plannedHeap = planned;
    this.overdueHeap = overdue;
    this.nowS = nowS;
    this.planned.reset(planned);
    this.overdue.reset(overdue);
    this.busy = true;
    return this;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<Job> {
    const p = this.planned.peek();
    const o = this.overdue.peek();
    const result = this.result;
    if (p < 0 && o < 0) {
      this.busy = false;
      result.done = true;
      result.value = undefined as unknown as Job;
      return result;
    }
    const plannedHeap = this.plannedHeap as JobHeap;
    const overdueHeap = this.overdueHeap as JobHeap;
    let takePlanned = o < 0;
    if (p >= 0 && o >= 0) {
      // Planned ends lie after now; an overdue job is expected to need its estimate once more.
      const d = (plannedHeap.keys[p] as number) - (this.nowS + (overdueHeap.keys[o] as number));
      takePlanned = d < 0 || (!(d > 0) && (plannedHeap.sequences[p] as number) < (overdueHeap.sequences[o] as number));
    }
    if (takePlanned) {
      result.value = plannedHeap.jobs[p] as Job;
      this.planned.advance();
    } else {
      result.value = overdueHeap.jobs[o] as Job;
      this.overdue.advance();
    }
    result.done = false;
    return result;
  }

  return(): IteratorResult<Job> {
    this.busy = false;
    return { done: true, value: undefined };
  }
}

/**
 * The running jobs, indexed by expected end for backfilling: jobs before their planned end
 * (start + estimate) in one heap by that end, jobs past it (expected to need their estimate once
 * more: now + estimate) in another by estimate, both with ties in start order. Iterating by expected
 * end merges the two lazily, so a backfill pass reads only the few ends it needs.
 */
export class RunningJobs {
  private readonly byIndex = new Map<number, Job>();
  private readonly planned = new JobHeap();
  private readonly overdue = new JobHeap();
  private readonly cursor = new ExpectedEndCursor();
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
    this.planned.push(job, job.plannedEndS);
  }

  /** A job stopped running. */
  delete(job: Job): void {
    if (!this.byIndex.delete(job.index)) return;
    (job.runOverdue ? this.overdue : this.planned).removeAt(job.runHeapPosition);
  }

  /** Running jobs in order of expected end at `nowS` (see `expectedEndS`), ties in start order. */
  byExpectedEnd(nowS: number): IterableIterator<Job> {
    const planned = this.planned;
    for (let job = planned.min(); job !== undefined && !(job.plannedEndS > nowS); job = planned.min()) {
      planned.removeAt(0);
      job.runOverdue = true;
      this.overdue.push(job, job.estimateS);
    }
    const cursor = this.cursor.busy ? new ExpectedEndCursor() : this.cursor;
    return cursor.reset(planned, this.overdue, nowS);
  }
}
