import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import { isFractional, WHOLE_GPU_MILLI } from "../../model/resources.js";
import type { JobView } from "../types.js";

/** A cluster view that counts changes per node (allocate, release, failure, repair), so caches can be checked in O(1). */
export interface NodeVersions {
  /** A number that changes whenever anything on the node changes (GPU shares, CPU, memory, failures). */
  nodeVersion(nodeIndex: number): number;
  /** Indices of the nodes that changed, in order (a node may repeat); cleared now and then, bumping `changeEpoch`. */
  readonly changedNodes: readonly number[];
  /** Counts the clearings of `changedNodes`: a reader whose epoch differs must look at every node. */
  readonly changeEpoch: number;
}

/** True when the view offers per-node change counters. */
export function hasNodeVersions(cluster: ClusterView): cluster is ClusterView & NodeVersions {
  return typeof (cluster as Partial<NodeVersions>).nodeVersion === "function";
}

/**
 * A snapshot of every node's free state (GPU shares, CPU, memory) with summaries (total and largest
 * free share, fully free GPUs) and a per-node `version` that changes whenever the node's state
 * changed since the last `refresh`. Policies key their per-node caches on it, so a decision
 * re-scores only the nodes whose allocation changed. `refresh` is O(nodes) with a view that has
 * `nodeVersion`, and compares every GPU otherwise (exact either way).
 */
export class NodeTable {
  /** Free share of every GPU (global index), milli-GPUs. */
  readonly gpuFree: Int32Array;
  /** Free CPU per node, millicores (Infinity when unconstrained). */
  readonly cpuFree: Float64Array;
  /** Free memory per node, MiB (Infinity when unconstrained). */
  readonly memFree: Float64Array;
  /** Sum of the node's free GPU shares, milli-GPUs. */
  readonly totalFree: Int32Array;
  /** Largest free share on one GPU of the node (0 without GPUs). */
  readonly maxFree: Int32Array;
  /** Fully free GPUs on the node. */
  readonly fullyFree: Int32Array;
  /** Changes whenever the node's snapshot changes (starts at 1). */
  readonly version: Uint32Array;
  /** Nodes whose snapshot changed, in order (a node may repeat); cleared, with `epoch` bumped, when it grows long. */
  readonly changes: number[] = [];
  /** Counts the clearings of `changes`: a reader whose epoch differs must start over. */
  epoch = 0;
  private readonly seen: Float64Array;
  /** Where this table is in the view's change log (NodeVersions), and that log's epoch. */
  private logPosition = 0;
  private logEpoch = -1;

  constructor(private readonly cluster: ClusterView) {
    const n = cluster.nodes.length;
    this.gpuFree = new Int32Array(cluster.totalGpus).fill(-1);
    this.cpuFree = new Float64Array(n).fill(Number.NaN);
    this.memFree = new Float64Array(n).fill(Number.NaN);
    this.totalFree = new Int32Array(n);
    this.maxFree = new Int32Array(n);
    this.fullyFree = new Int32Array(n);
    this.version = new Uint32Array(n);
    this.seen = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < n; i++) this.load(i);
    this.changes.length = 0;
  }

  /** Bring every node's snapshot up to date (bumping the version of those that changed). */
  refresh(): void {
    const cluster = this.cluster;
    const n = cluster.nodes.length;
    if (this.changes.length > 4 * n + 64) {
      this.changes.length = 0;
      this.epoch++;
    }
    if (hasNodeVersions(cluster)) {
      const log = cluster.changedNodes;
      if (cluster.changeEpoch === this.logEpoch) {
        for (let c = this.logPosition; c < log.length; c++) {
          const i = log[c] as number;
          if (cluster.nodeVersion(i) !== this.seen[i]) this.load(i);
        }
      } else for (let i = 0; i < n; i++) if (cluster.nodeVersion(i) !== this.seen[i]) this.load(i);
      this.logEpoch = cluster.changeEpoch;
      this.logPosition = log.length;
      return;
    }
    for (let i = 0; i < n; i++) if (this.differs(i)) this.load(i);
  }

  private differs(i: number): boolean {
    const cluster = this.cluster;
    if (cluster.nodeFreeCpuMilli(i) !== this.cpuFree[i] || cluster.nodeFreeMemoryMiB(i) !== this.memFree[i]) return true;
    const node = cluster.nodes[i];
    if (node === undefined) return false;
    for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) if (cluster.gpuFreeMilli(g) !== this.gpuFree[g]) return true;
    return false;
  }

  private load(i: number): void {
    const cluster = this.cluster;
    const node = cluster.nodes[i];
    if (node === undefined) return;
    let total = 0;
    let max = 0;
    let fully = 0;
    for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) {
      const free = cluster.gpuFreeMilli(g);
      this.gpuFree[g] = free;
      total += free;
      if (free > max) max = free;
      if (free === WHOLE_GPU_MILLI) fully++;
    }
    this.cpuFree[i] = cluster.nodeFreeCpuMilli(i);
    this.memFree[i] = cluster.nodeFreeMemoryMiB(i);
    this.totalFree[i] = total;
    this.maxFree[i] = max;
    this.fullyFree[i] = fully;
    this.version[i] = (this.version[i] as number) + 1;
    this.changes.push(i);
    if (hasNodeVersions(cluster)) this.seen[i] = cluster.nodeVersion(i);
  }
}

const tables = new WeakMap<ClusterView, NodeTable>();

/** The cluster's node table, refreshed (one per cluster view, shared by the policies that read it). */
export function nodeTableOf(cluster: ClusterView): NodeTable {
  let table = tables.get(cluster);
  if (table === undefined) {
    table = new NodeTable(cluster);
    tables.set(cluster, table);
  } else table.refresh();
  return table;
}

/**
 * True when the node can certainly not hold the single-node job, by the table's summaries (CPU,
 * memory, GPU count, fully free GPUs or the largest free share; the GPU model is not checked):
 * the cheap rejection before an exact check.
 */
export function cannotHold(table: NodeTable, node: NodeInfo, job: JobView): boolean {
  const i = node.index;
  if (job.cpuMilli > (table.cpuFree[i] as number) || job.memoryMiB > (table.memFree[i] as number)) return true;
  if (job.gpus === 0) return false;
  if (node.gpuCount < job.gpus) return true;
  return isFractional(job) ? (table.maxFree[i] as number) < job.gpuMilli : (table.fullyFree[i] as number) < job.gpus;
}
