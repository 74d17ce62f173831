/**
 * A sorted collection walked by successor lookups (sorted-btree's BTree): no iterator objects, which
 * allocate several objects per step; a backfill scan walks a tree this way on every pass.
 */
export interface SortedKeys<T> {
  minKey(): T | undefined;
  nextHigherKey(key: T): T | undefined;
}

/** One sorted source being merged: its collection (none for a single element) and its current element. */
interface Source<T> {
  readonly keys: SortedKeys<T> | undefined;
  head: T;
}

/**
 * A k-way merge of sorted sources (a binary heap of their heads): the smallest current element
 * in O(1), the next in O(log k) plus one successor lookup, and a whole source dropped in O(log k).
 * The sources must not change while the cursor walks them.
 */
export class MergeCursor<T> {
  private readonly heap: Source<T>[] = [];

  constructor(private readonly order: (a: T, b: T) => number) {}

  /** Merge one more sorted collection. */
  add(keys: SortedKeys<T>): void {
    const first = keys.minKey();
    if (first === undefined) return;
    this.heap.push({ keys, head: first });
    this.siftUp(this.heap.length - 1);
  }

  /** Merge a source of one element. */
  addOne(value: T): void {
    this.heap.push({ keys: undefined, head: value });
    this.siftUp(this.heap.length - 1);
  }

  /** The smallest current element, or undefined when every source is exhausted. */
  current(): T | undefined {
    return this.heap[0]?.head;
  }

  /** Move past the current element. */
  advance(): void {
    const top = this.heap[0];
    if (top === undefined) return;
    const next = top.keys?.nextHigherKey(top.head);
    if (next === undefined) {
      this.dropCurrent();
      return;
    }
    top.head = next;
    this.siftDown(0);
  }

  /** Drop the source of the current element, with everything after it. */
  dropCurrent(): void {
    const last = this.heap.pop();
    if (last === undefined || this.heap.length === 0) return;
    this.heap[0] = last;
    this.siftDown(0);
  }

  private less(i: number, j: number): boolean {
    return this.order((this.heap[i] as Source<T>).head, (this.heap[j] as Source<T>).head) < 0;
  }

  private swap(i: number, j: number): void {
    const heap = this.heap;
    const t = heap[i] as Source<T>;
    heap[i] = heap[j] as Source<T>;
    heap[j] = t;
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
    const n = this.heap.length;
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
}
