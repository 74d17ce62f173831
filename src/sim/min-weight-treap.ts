/**
 * An ordered set augmented with the smallest weight of every subtree (a treap: a binary search
 * tree by `order`, a heap by priority), so that "the first item after x whose weight is below w"
 * costs O(log n) expected however many heavier items lie between. The backfill scan asks exactly
 * that of the queued job groups of one shape: the next group whose estimate is shorter than every
 * estimate already rejected in the pass.
 *
 * Priorities come from a fixed hash of an insertion counter (deterministic: no Math.random). An
 * item's position under `order` and its weight must not change while it is in the set: remove it,
 * change it, insert it again.
 */
interface TreapNode<T> {
  readonly item: T;
  readonly weight: number;
  readonly priority: number;
  /** Smallest weight in this subtree. */
  min: number;
  left: TreapNode<T> | null;
  right: TreapNode<T> | null;
}

/** A 32-bit mix of a counter (Murmur3's finalizer): well-spread, reproducible priorities. */
function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function update<T>(n: TreapNode<T>): void {
  let min = n.weight;
  if (n.left !== null && n.left.min < min) min = n.left.min;
  if (n.right !== null && n.right.min < min) min = n.right.min;
  n.min = min;
}

/** Lift `left`, the left child of `n`, above it; returns the subtree's new root. */
function rotateRight<T>(n: TreapNode<T>, left: TreapNode<T>): TreapNode<T> {
  n.left = left.right;
  update(n);
  left.right = n;
  update(left);
  return left;
}

/** Lift `right`, the right child of `n`, above it; returns the subtree's new root. */
function rotateLeft<T>(n: TreapNode<T>, right: TreapNode<T>): TreapNode<T> {
  n.right = right.left;
  update(n);
  right.left = n;
  update(right);
  return right;
}

function merge<T>(a: TreapNode<T> | null, b: TreapNode<T> | null): TreapNode<T> | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.priority > b.priority) {
    a.right = merge(a.right, b);
    update(a);
    return a;
  }
  b.left = merge(a, b.left);
  update(b);
  return b;
}

export class MinWeightTreap<T> {
  private root: TreapNode<T> | null = null;
  private inserted = 0;
  private count = 0;

  constructor(
    private readonly order: (a: T, b: T) => number,
    private readonly weightOf: (item: T) => number,
  ) {}

  /** Number of items. */
  get size(): number {
    return this.count;
  }

  /** The first item in order, if any. */
  first(): T | undefined {
    let n = this.root;
    if (n === null) return undefined;
    while (n.left !== null) n = n.left;
    return n.item;
  }

  /** Add an item (not already present). */
  insert(item: T): void {
    const weight = this.weightOf(item);
    const node: TreapNode<T> = { item, weight, priority: mix32(++this.inserted), min: weight, left: null, right: null };
    this.root = this.insertInto(this.root, node);
    this.count++;
  }

  /** Remove an item; false when it is not present. */
  delete(item: T): boolean {
    const before = this.count;
    this.root = this.deleteFrom(this.root, item);
    return this.count < before;
  }

  /** The first item after `after` (from the start when undefined) whose weight is below `below`. */
  firstAfter(after: T | undefined, below: number): T | undefined {
    return this.find(this.root, after, below)?.item;
  }

  private insertInto(n: TreapNode<T> | null, x: TreapNode<T>): TreapNode<T> {
    if (n === null) return x;
    if (this.order(x.item, n.item) < 0) {
      const left = this.insertInto(n.left, x);
      n.left = left;
      if (left.priority > n.priority) return rotateRight(n, left);
    } else {
      const right = this.insertInto(n.right, x);
      n.right = right;
      if (right.priority > n.priority) return rotateLeft(n, right);
    }
    update(n);
    return n;
  }

  private deleteFrom(n: TreapNode<T> | null, item: T): TreapNode<T> | null {
    if (n === null) return null;
    if (n.item === item) {
      this.count--;
      return merge(n.left, n.right);
    }
    if (this.order(item, n.item) < 0) n.left = this.deleteFrom(n.left, item);
    else n.right = this.deleteFrom(n.right, item);
    update(n);
    return n;
  }

  private find(n: TreapNode<T> | null, after: T | undefined, below: number): TreapNode<T> | null {
    if (n === null || !(n.min < below)) return null;
    if (after !== undefined && this.order(n.item, after) <= 0) return this.find(n.right, after, below);
    const left = this.find(n.left, after, below);
    if (left !== null) return left;
    if (n.weight < below) return n;
    return this.find(n.right, undefined, below);
  }
}
