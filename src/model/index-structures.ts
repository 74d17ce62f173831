/**
 * The two ordered structures behind the cluster's free-capacity index: a hierarchical bit set
 * (sets of node positions, next/previous member in O(log64 n)) and a max segment tree (the first
 * position at or after p whose value reaches k, in O(log n)). Typed arrays, no per-call allocation.
 */

/** Index of the lowest set bit of a non-zero 32-bit word. */
function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}

/** Index of the highest set bit of a non-zero 32-bit word. */
function highestBit(word: number): number {
  return 31 - Math.clz32(word);
}

/** A set of integers in [0, size) with O(log64 size) add, delete, next and previous member. */
export class BitSet {
  /** levels[0] holds the members; levels[k + 1] has a bit per non-zero word of levels[k]. */
  private readonly levels: Int32Array[] = [];
  /** Number of members. */
  size = 0;

  constructor(readonly capacity: number) {
    let bits = Math.max(1, capacity);
    do {
      const words = Math.ceil(bits / 32);
      this.levels.push(new Int32Array(words));
      bits = words;
    } while (bits > 1);
  }

  /** True when i is a member. */
  has(i: number): boolean {
    return ((this.levels[0] as Int32Array)[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** Add i (no effect when present). */
  add(i: number): void {
    if (this.has(i)) return;
    this.size++;
    let index = i;
    for (const words of this.levels) {
      const w = index >>> 5;
      const before = words[w] as number;
      words[w] = before | (1 << (index & 31));
      if (before !== 0) return;
      index = w;
    }
  }

  /** Remove i (no effect when absent). */
  delete(i: number): void {
    if (!this.has(i)) return;
    this.size--;
    let index = i;
    for (const words of this.levels) {
      const w = index >>> 5;
      const after = (words[w] as number) & ~(1 << (index & 31));
      words[w] = after;
      if (after !== 0) return;
      index = w;
    }
  }

  /** Smallest member >= from, or -1. */
  next(from: number): number {
    return from >= this.capacity ? -1 : this.nextAt(0, Math.max(0, from));
  }

  /** Largest member <= from, or -1. */
  previous(from: number): number {
    return from < 0 ? -1 : this.previousAt(0, Math.min(from, this.capacity - 1));
  }

  private nextAt(level: number, from: number): number {
    const words = this.levels[level] as Int32Array;
    const w = from >>> 5;
    if (w >= words.length) return -1;
    const word = (words[w] as number) & (-1 << (from & 31));
    if (word !== 0) return (w << 5) + lowestBit(word);
    if (level + 1 === this.levels.length) return -1;
    const nextWord = this.nextAt(level + 1, w + 1);
    return nextWord < 0 ? -1 : (nextWord << 5) + lowestBit(words[nextWord] as number);
  }

  private previousAt(level: number, from: number): number {
    const words = this.levels[level] as Int32Array;
    const w = from >>> 5;
    const shift = from & 31;
    const word = (words[w] as number) & (shift === 31 ? -1 : (1 << (shift + 1)) - 1);
    if (word !== 0) return (w << 5) + highestBit(word);
    if (level + 1 === this.levels.length || w === 0) return -1;
    const previousWord = this.previousAt(level + 1, w - 1);
    return previousWord < 0 ? -1 : (previousWord << 5) + highestBit(words[previousWord] as number);
  }
}

/** Values at positions [0, size) with point updates and "first position >= p with value >= k" in O(log size). */
export class MaxSegmentTree {
  private readonly leaves: number;
  private readonly tree: Int32Array;

  constructor(size: number) {
    let leaves = 1;
    while (leaves < size) leaves <<= 1;
    this.leaves = leaves;
    this.tree = new Int32Array(2 * leaves).fill(-1);
  }

  /** Value at a position. */
  get(position: number): number {
    return this.tree[this.leaves + position] as number;
  }

  /** Set the value at a position. */
  set(position: number, value: number): void {
    const tree = this.tree;
    let i = this.leaves + position;
    if (tree[i] === value) return;
    tree[i] = value;
    for (i >>= 1; i >= 1; i >>= 1) {
      const max = Math.max(tree[2 * i] as number, tree[2 * i + 1] as number);
      if (tree[i] === max) return;
      tree[i] = max;
    }
  }

  /** Largest value overall (-1 when empty). */
  max(): number {
    return this.tree[1] as number;
  }

  /** Lowest position >= from whose value is >= atLeast, or -1. */
  firstAtLeast(atLeast: number, from = 0): number {
    if (from >= this.leaves || (this.tree[1] as number) < atLeast) return -1;
    return this.descend(1, 0, this.leaves, Math.max(0, from), atLeast);
  }

  private descend(node: number, lo: number, hi: number, from: number, atLeast: number): number {
    if (hi <= from || (this.tree[node] as number) < atLeast) return -1;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >>> 1;
    const left = this.descend(2 * node, lo, mid, from, atLeast);
    return left >= 0 ? left : this.descend(2 * node + 1, mid, hi, from, atLeast);
  }
}
