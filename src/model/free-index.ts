import type { GpuName } from "./gpus.js";
import { BitSet, MaxSegmentTree } from "./index-structures.js";

/** The GPU-model constraint of a query: a required model and/or a list of allowed models (JobView satisfies it). */
export interface GpuTypeFilter {
  /** Required GPU model, or undefined for any. */
  readonly gpuType?: GpuName | undefined;
  /** Allowed GPU models, or undefined for no list. */
  readonly gpuTypes?: readonly GpuName[] | undefined;
}

/** A node that a query skips (already chosen by the caller). */
export type ExcludedNodes = ReadonlySet<number> | undefined;

/**
 * Free capacity of one pool of nodes (the nodes of one GPU model, within the whole cluster or a
 * segment), maintained incrementally. Nodes keep their cluster order as positions, so "lowest
 * position" is "lowest node index", the deterministic tie-break of every query.
 *
 * - `buckets[f]`: positions of nodes with exactly f fully free GPUs, and `nonEmpty`, the set of such f:
 *   the tightest node with >= k free is the lowest member of the first non-empty bucket >= k.
 * - `freeTree` / `shareTree`: max segment trees of free GPUs and of the largest free GPU share
 *   (milli-GPUs) on each node: first node at or after a position with enough of either.
 */
export class FreePool {
  /** Node index of each position (ascending). */
  readonly nodeAt: Int32Array;
  /** Position of each node index in this pool (-1 when not in it). */
  private readonly positionOf: Int32Array;
  private readonly buckets: (BitSet | undefined)[];
  private readonly nonEmpty: BitSet;
  private readonly freeTree: MaxSegmentTree;
  private readonly shareTree: MaxSegmentTree;
  /** Free GPUs per rack index. */
  private readonly rackFree: Int32Array;
  /** Global index of each GPU position (the pool's GPUs, ascending), and the position of each global GPU index. */
  private readonly gpuAt: Int32Array;
  private readonly gpuPositionOf: Map<number, number> | Int32Array;
  /** `shareBuckets[m]`: GPU positions whose free share is exactly m milli-GPUs; `shareNonEmpty`: such m. */
  private readonly shareBuckets: (BitSet | undefined)[] = new Array<BitSet | undefined>(1001);
  private shareNonEmpty = new BitSet(1001);
  /** Fully free GPUs in the pool. */
  freeGpus = 0;
  /** GPUs in the pool. */
  capacityGpus = 0;

  constructor(
    /** GPU model of the pool's nodes. */
    readonly gpuType: GpuName,
    nodes: readonly number[],
    nodeCount: number,
    maxGpusPerNode: number,
    rackCount: number,
    /** First global GPU index and GPU count of every node of the cluster. */
    nodeGpus: (node: number) => { firstGpu: number; gpuCount: number },
    totalGpus: number,
  ) {
    this.nodeAt = Int32Array.from(nodes);
    this.positionOf = new Int32Array(nodeCount).fill(-1);
    nodes.forEach((node, position) => {
      this.positionOf[node] = position;
    });
    this.buckets = new Array<BitSet | undefined>(maxGpusPerNode + 1);
    this.nonEmpty = new BitSet(maxGpusPerNode + 1);
    this.freeTree = new MaxSegmentTree(nodes.length);
    this.shareTree = new MaxSegmentTree(nodes.length);
    this.rackFree = new Int32Array(rackCount);
    const gpus: number[] = [];
    for (const node of nodes) {
      const { firstGpu, gpuCount } = nodeGpus(node);
      for (let g = firstGpu; g < firstGpu + gpuCount; g++) gpus.push(g);
    }
    this.gpuAt = Int32Array.from(gpus);
    // A dense table when the pool holds most of the cluster's GPUs, a map for small subsets.
    if (gpus.length * 4 >= totalGpus) {
      const table = new Int32Array(totalGpus).fill(-1);
      gpus.forEach((g, position) => {
        table[g] = position;
      });
      this.gpuPositionOf = table;
    } else {
      this.gpuPositionOf = new Map(gpus.map((g, position) => [g, position]));
    }
    // Share buckets stay empty until the cluster switches share indexes on (resetShares).
  }

  private shareBucket(milli: number): BitSet {
    let bucket = this.shareBuckets[milli];
    if (bucket === undefined) {
      bucket = new BitSet(this.gpuAt.length);
      this.shareBuckets[milli] = bucket;
    }
    return bucket;
  }

  /** Rebuild the share buckets from the GPUs' current free shares (when the cluster starts maintaining them). */
  resetShares(shareOf: (gpu: number) => number): void {
    this.shareBuckets.fill(undefined);
    this.shareNonEmpty = new BitSet(1001);
    for (let position = 0; position < this.gpuAt.length; position++) {
      const share = shareOf(this.gpuAt[position] as number);
      this.shareBucket(share).add(position);
      this.shareNonEmpty.add(share);
    }
  }

  /** GPU g's free share changed from `before` to `after` milli-GPUs. */
  setGpuShare(g: number, before: number, after: number): void {
    const position = (this.gpuPositionOf instanceof Int32Array ? this.gpuPositionOf[g] : this.gpuPositionOf.get(g)) as number;
    const old = this.shareBuckets[before] as BitSet;
    old.delete(position);
    if (old.size === 0) this.shareNonEmpty.delete(before);
    this.shareBucket(after).add(position);
    this.shareNonEmpty.add(after);
  }

  /** The GPU with the least free share that still has `milli` (ties: lowest index); -1 when none. */
  tightestShareGpu(milli: number): number {
    const share = this.shareNonEmpty.next(milli);
    return share < 0 ? -1 : (this.gpuAt[(this.shareBuckets[share] as BitSet).next(0)] as number);
  }

  /** The GPU with the most free share, if it has at least `milli` (ties: lowest index); -1 when none. */
  largestShareGpu(milli: number): number {
    const share = this.shareNonEmpty.previous(1000);
    return share < milli || share < 0 ? -1 : (this.gpuAt[(this.shareBuckets[share] as BitSet).next(0)] as number);
  }



  /** Position of a node in this pool, or -1. */
  position(node: number): number {
    return this.positionOf[node] as number;
  }

  /** Register a node's initial state (once, at construction of the cluster). */
  addNode(node: number, gpus: number, freeGpus: number, maxShareMilli: number, rack: number): void {
    this.capacityGpus += gpus;
    this.setFree(node, -1, freeGpus, rack);
    this.shareTree.set(this.positionOf[node] as number, maxShareMilli);
  }

  /** A node's count of fully free GPUs changed from `before` to `after` (before = -1: first registration). */
  setFree(node: number, before: number, after: number, rack: number): void {
    const position = this.positionOf[node] as number;
    if (before >= 0) {
      const bucket = this.buckets[before] as BitSet;
      bucket.delete(position);
      if (bucket.size === 0) this.nonEmpty.delete(before);
      this.freeGpus -= before;
      this.rackFree[rack] = (this.rackFree[rack] as number) - before;
    }
    let bucket = this.buckets[after];
    if (bucket === undefined) {
      bucket = new BitSet(this.nodeAt.length);
      this.buckets[after] = bucket;
    }
    bucket.add(position);
    this.nonEmpty.add(after);
    this.freeGpus += after;
    this.rackFree[rack] = (this.rackFree[rack] as number) + after;
    this.freeTree.set(position, after);
  }

  /** The largest free share (milli-GPUs) of any GPU on a node changed. */
  setMaxShare(node: number, maxShareMilli: number): void {
    this.shareTree.set(this.positionOf[node] as number, maxShareMilli);
  }

  /** Free GPUs of this pool on a rack. */
  freeOnRack(rack: number): number {
    return this.rackFree[rack] as number;
  }

  /** The node with the fewest free GPUs among those with at least `minFree` (lowest index among equals), skipping excluded nodes; -1 when none. */
  tightest(minFree: number, exclude: ExcludedNodes): number {
    for (let f = this.nonEmpty.next(Math.max(0, minFree)); f >= 0; f = this.nonEmpty.next(f + 1)) {
      const node = this.lowestIn(f, exclude);
      if (node >= 0) return node;
    }
    return -1;
  }

  /** The node with the most free GPUs (lowest index among equals), skipping excluded nodes; -1 when none has any. */
  roomiest(exclude: ExcludedNodes): number {
    for (let f = this.nonEmpty.previous(this.buckets.length - 1); f >= 1; f = this.nonEmpty.previous(f - 1)) {
      const node = this.lowestIn(f, exclude);
      if (node >= 0) return node;
    }
    return -1;
  }

  /** Lowest node index >= fromNode with at least `minFree` free GPUs, or -1. */
  nextWithFree(minFree: number, fromNode: number): number {
    const position = this.freeTree.firstAtLeast(minFree, this.firstPositionFrom(fromNode));
    return position < 0 ? -1 : (this.nodeAt[position] as number);
  }

  /** Lowest node index >= fromNode with a GPU that has at least `milli` free share, or -1. */
  nextWithShare(milli: number, fromNode: number): number {
    const position = this.shareTree.firstAtLeast(milli, this.firstPositionFrom(fromNode));
    return position < 0 ? -1 : (this.nodeAt[position] as number);
  }

  /** Largest free GPU count on any node of the pool (-1 when the pool is empty). */
  maxFree(): number {
    return this.freeTree.max();
  }

  /** The first position whose node index is >= fromNode (binary search; positions ascend). */
  private firstPositionFrom(fromNode: number): number {
    if (fromNode <= 0) return 0;
    const nodes = this.nodeAt;
    let lo = 0;
    let hi = nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((nodes[mid] as number) < fromNode) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowestIn(free: number, exclude: ExcludedNodes): number {
    const bucket = this.buckets[free] as BitSet;
    for (let p = bucket.next(0); p >= 0; p = bucket.next(p + 1)) {
      const node = this.nodeAt[p] as number;
      if (exclude === undefined || !exclude.has(node)) return node;
    }
    return -1;
  }
}

/** True when a pool's GPU model passes a filter (the rule of `gpuTypeAllowed`, without building a request). */
function poolAllowed(pool: FreePool, types: GpuTypeFilter | undefined): boolean {
  if (types === undefined) return true;
  return (types.gpuType === undefined || types.gpuType === pool.gpuType) && (types.gpuTypes === undefined || types.gpuTypes.includes(pool.gpuType));
}

/**
 * The pools of one view of the cluster (all nodes, or a segment), one per GPU model, answering
 * the placement questions across the models a filter allows: each query is O(log N) per model.
 */
export class PoolSet {
  constructor(
    /** One pool per GPU model present in the view. */
    readonly pools: readonly FreePool[],
    /** Fully free GPUs on a node now. */
    private readonly freeOf: (node: number) => number,
    /** Free share of a GPU now, milli-GPUs. */
    private readonly shareOf: (gpu: number) => number,
  ) {}

  /** The node with the fewest free GPUs that still has `minFree` of an allowed model (ties: lowest index); -1 when none. */
  tightestNode(types: GpuTypeFilter | undefined, minFree: number, exclude?: ExcludedNodes): number {
    let best = -1;
    let bestFree = 0;
    for (const pool of this.pools) {
      if (!poolAllowed(pool, types)) continue;
      const node = pool.tightest(minFree, exclude);
      if (node < 0) continue;
      const free = this.freeOf(node);
      if (best < 0 || free < bestFree || (free === bestFree && node < best)) [best, bestFree] = [node, free];
    }
    return best;
  }

  /** The node with the most free GPUs of an allowed model (ties: lowest index); -1 when none has any. */
  roomiestNode(types: GpuTypeFilter | undefined, exclude?: ExcludedNodes): number {
    let best = -1;
    let bestFree = 0;
    for (const pool of this.pools) {
      if (!poolAllowed(pool, types)) continue;
      const node = pool.roomiest(exclude);
      if (node < 0) continue;
      const free = this.freeOf(node);
      if (best < 0 || free > bestFree || (free === bestFree && node < best)) [best, bestFree] = [node, free];
    }
    return best;
  }

  /** Lowest node index >= fromNode with `minFree` free GPUs of an allowed model; -1 when none. */
  nextNodeWithFree(types: GpuTypeFilter | undefined, minFree: number, fromNode = 0): number {
    let best = -1;
    for (const pool of this.pools) {
      if (!poolAllowed(pool, types)) continue;
      const node = pool.nextWithFree(minFree, fromNode);
      if (node >= 0 && (best < 0 || node < best)) best = node;
    }
    return best;
  }

  /** Lowest node index >= fromNode with a GPU of an allowed model that has `milli` free share; -1 when none. */
  nextNodeWithShare(types: GpuTypeFilter | undefined, milli: number, fromNode = 0): number {
    let best = -1;
    for (const pool of this.pools) {
      if (!poolAllowed(pool, types)) continue;
      const node = pool.nextWithShare(milli, fromNode);
      if (node >= 0 && (best < 0 || node < best)) best = node;
    }
    return best;
  }

  /** The GPU of an allowed model with the least free share that still has `milli` (ties: lowest index); -1 when none. */
  tightestShareGpu(types: GpuTypeFilter | undefined, milli: number): number {
    let best = -1;
    let bestShare = 0;
    for (const pool of this.pools) {
      if (!poolAllowed(pool, types)) continue;
      const g = pool.tightestShareGpu(milli);
      if (g < 0) continue;
      const share = this.shareOf(g);
      if (best < 0 || share < bestShare || (share === bestShare && g < best)) [best, bestShare] = [g, share];
    }
    return best;
  }

  /** The GPU of an allowed model with the most free share, if it has `milli` (ties: lowest index); -1 when none. */
  largestShareGpu(types: GpuTypeFilter | undefined, milli: number): number {
    let best = -1;
    let bestShare = 0;
    for (const pool of this.pools) {
      if (!poolAllowed(pool, types)) continue;
      const g = pool.largestShareGpu(milli);
      if (g < 0) continue;
      const share = this.shareOf(g);
      if (best < 0 || share > bestShare || (share === bestShare && g < best)) [best, bestShare] = [g, share];
    }
    return best;
  }

  /** Fully free GPUs of allowed models on a rack. */
  rackFreeGpus(rack: number, types?: GpuTypeFilter): number {
    let free = 0;
    for (const pool of this.pools) if (poolAllowed(pool, types)) free += pool.freeOnRack(rack);
    return free;
  }

  /** Fully free GPUs of a model (all when undefined). */
  freeGpus(gpuType?: GpuName): number {
    let free = 0;
    for (const pool of this.pools) if (gpuType === undefined || pool.gpuType === gpuType) free += pool.freeGpus;
    return free;
  }

  /** GPUs of a model (all when undefined). */
  capacityGpus(gpuType?: GpuName): number {
    let total = 0;
    for (const pool of this.pools) if (gpuType === undefined || pool.gpuType === gpuType) total += pool.capacityGpus;
    return total;
  }
}
