import type { BackfillVerdict } from "../policies/types.js";
import type { Job } from "./job.js";
import type { MinWeightTreap } from "./min-weight-treap.js";
import type { OrderedSet } from "./btree.js";

/** What a backfill scan does with a candidate: the policies' verdicts (see `BackfillVerdict`). */
export type ScanVerdict = BackfillVerdict;

/**
 * Waiting jobs in the queue's order of one shape and, for static policies, one estimate (most such
 * groups hold one job, which then has no tree), or for dynamic policies one policy group.
 */
export interface JobGroup {
  readonly key: string;
  /** First job in queue order. */
  head: Job;
  /** All its jobs once a second one came. */
  tree: OrderedSet<Job> | undefined;
  /** Its jobs' estimate (static policies; the first job's for dynamic ones, which never scan). */
  readonly estimateS: number;
  /** Its shape (static policies; undefined for dynamic ones, which never scan). */
  readonly shape: QueueShape | undefined;
}

/**
 * The groups of one job shape (GPUs, share, GPU model(s), single node, host needs; everything a
 * backfill decision depends on but the estimate), by head in queue order, with the shortest
 * estimate of every subtree: a scan finds the next group shorter than an estimate in O(log n).
 */
export interface QueueShape {
  readonly key: string;
  readonly groups: MinWeightTreap<JobGroup>;
  /** During a scan: only groups with an estimate below this may still be offered. */
  bound: number;
}

/** One source of a scan: a group being walked (`pulled`), or the next group of a shape not yet reached. */
interface ScanEntry {
  readonly shape: QueueShape;
  group: JobGroup;
  current: Job;
  pulled: boolean;
}

/**
 * Offer waiting jobs to `visit` in queue order, except `exclude`: a lazy merge of the shapes'
 * groups. A shape whose jobs need more GPUs than `freeFor` gives is never entered. Verdicts drop
 * work without visiting it: "pass-shape" the rest of a group, "pass-longer" every group of the
 * shape with an estimate at least the visited one's, "pass-all-estimates" the whole shape. Each
 * visit costs O(log n); skipped groups cost nothing, because a shape's next group is found under
 * the pass's estimate bound in its treap. The queue must not change during the scan.
 */
export function scanShapes(
  shapes: Iterable<QueueShape>,
  order: (a: Job, b: Job) => number,
  exclude: Job,
  freeFor: (job: Job) => number,
  visit: (job: Job) => ScanVerdict,
  maxVisits: number,
): void {
  const heap = new EntryHeap(order);
  for (const shape of shapes) {
    const first = shape.groups.first();
    if (first === undefined || first.head.gpus > freeFor(first.head)) continue;
    shape.bound = Number.POSITIVE_INFINITY;
    heap.push({ shape, group: first, current: first.head, pulled: false });
  }
  let visits = 0;
  for (let top = heap.peek(); top !== undefined && visits < maxVisits; top = heap.peek()) {
    const shape = top.shape;
    if (!(top.group.estimateS < shape.bound)) {
      // Rejected by a verdict earlier in the pass: a walked group goes; a shape's next group is re-found under the bound.
      const next = top.pulled ? undefined : shape.groups.firstAfter(top.group, shape.bound);
      if (next === undefined) heap.pop();
      else {
        top.group = next;
        top.current = next.head;
        heap.siftDownTop();
      }
      continue;
    }
    if (!top.pulled) {
      // The shape's next group is reached: walk it, and queue the group after it (later in order: the top stays).
      top.pulled = true;
      const next = shape.groups.firstAfter(top.group, shape.bound);
      if (next !== undefined) heap.push({ shape, group: next, current: next.head, pulled: false });
    }
    const job = top.current;
    if (job !== exclude) {
      visits++;
      const verdict = visit(job);
      if (verdict === "stop") return;
      if (verdict === "pass-longer" || verdict === "pass-all-estimates" || verdict === "pass-shape") {
        if (verdict === "pass-longer") shape.bound = Math.min(shape.bound, top.group.estimateS);
        else if (verdict === "pass-all-estimates") shape.bound = Number.NEGATIVE_INFINITY;
        heap.pop();
        continue;
      }
    }
    const after = top.group.tree?.nextHigherKey(job);
    if (after === undefined) heap.pop();
    else {
      top.current = after;
      heap.siftDownTop();
    }
  }
}

/** A binary min-heap of scan entries by their current job in queue order. */
class EntryHeap {
  private readonly entries: ScanEntry[] = [];

  constructor(private readonly order: (a: Job, b: Job) => number) {}

  peek(): ScanEntry | undefined {
    return this.entries[0];
  }

  push(entry: ScanEntry): void {
    const entries = this.entries;
    let i = entries.length;
    entries.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = entries[parent] as ScanEntry;
      if (!(this.order(entry.current, above.current) < 0)) break;
      entries[i] = above;
      i = parent;
    }
    entries[i] = entry;
  }

  pop(): void {
    const last = this.entries.pop();
    if (last === undefined || this.entries.length === 0) return;
    this.entries[0] = last;
    this.siftDownTop();
  }

  /** Restore the heap after the top entry's job moved later in the order. */
  siftDownTop(): void {
    const entries = this.entries;
    const n = entries.length;
    const entry = entries[0] as ScanEntry;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.order((entries[right] as ScanEntry).current, (entries[left] as ScanEntry).current) < 0) child = right;
      const below = entries[child] as ScanEntry;
      if (!(this.order(below.current, entry.current) < 0)) break;
      entries[i] = below;
      i = child;
    }
    entries[i] = entry;
  }
}
