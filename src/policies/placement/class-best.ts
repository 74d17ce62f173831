import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import { gpuTypeAllowed } from "../../model/resources.js";
import type { JobView } from "../types.js";
import { cannotHold, type NodeTable, nodeTableOf } from "./node-table.js";

/** A node's score for one pod class: a function of the node's state only (higher is better). */
export type ClassScore = (node: NodeInfo, table: NodeTable) => number;

/** One pod class: every node's score and a max-tree over them (ties to the lower node index). */
interface ClassEntry {
  /** Table epoch and change-log position the entry is up to date with. */
  epoch: number;
  position: number;
  readonly score: Float64Array;
  /** Heap-ordered tree of node indices (-1: no node holds the pod in that subtree). */
  readonly tree: Int32Array;
}

/** Pod classes remembered per cluster (least recently used ones are dropped beyond this). */
const MAX_CLASSES = 512;

/** A score that marks a node that cannot hold the pod. */
const NONE = Number.NEGATIVE_INFINITY;

/**
 * The best node for a pod class, kept up to date incrementally: per class, every node's score and a
 * tournament tree over them; on each query only the nodes the table logged as changed since the
 * class's last query are re-scored (O(changed x log nodes)), and the answer is the root. The answer
 * is the node a scan in index order keeping the first strictly higher score would give: the
 * highest score that holds the pod, ties to the lowest node index.
 */
export class ClassBest {
  private readonly classes = new Map<string, ClassEntry>();
  private readonly size: number;
  /** Update pass that last re-scored each node (to skip repeats in the change log). */
  private readonly stamp: Uint32Array;
  private pass = 0;

  constructor(private readonly cluster: ClusterView) {
    let size = 1;
    while (size < cluster.nodes.length) size *= 2;
    this.size = size;
    this.stamp = new Uint32Array(cluster.nodes.length);
  }

  /** The best node for `job` (whose class is `key`: jobs with one key must score alike), or -1 when none holds it. */
  best(key: string, job: JobView, score: ClassScore): number {
    const table = nodeTableOf(this.cluster);
    let entry = this.classes.get(key);
    if (entry !== undefined) {
      this.classes.delete(key); // re-inserted below: Map order is the LRU order
      if (entry.epoch !== table.epoch || table.changes.length - entry.position > this.cluster.nodes.length) this.build(entry, table, job, score);
      else this.update(entry, table, job, score);
    } else {
      entry = { epoch: -1, position: 0, score: new Float64Array(this.cluster.nodes.length), tree: new Int32Array(2 * this.size).fill(-1) };
      this.build(entry, table, job, score);
      if (this.classes.size >= MAX_CLASSES) this.classes.delete(this.classes.keys().next().value as string);
    }
    this.classes.set(key, entry);
    return entry.tree[1] as number;
  }

  private scoreOf(node: NodeInfo, table: NodeTable, job: JobView, score: ClassScore): number {
    if (cannotHold(table, node, job)) return NONE;
    if (job.gpus > 0 && !gpuTypeAllowed(job, node.gpuType)) return NONE;
    return score(node, table);
  }

  private better(entry: ClassEntry, a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const sa = entry.score[a] as number;
    const sb = entry.score[b] as number;
    return sa > sb || (sa === sb && a < b) ? a : b;
  }

  private build(entry: ClassEntry, table: NodeTable, job: JobView, score: ClassScore): void {
    const { tree } = entry;
    tree.fill(-1);
    for (const node of this.cluster.nodes) {
      const s = this.scoreOf(node, table, job, score);
      entry.score[node.index] = s;
      if (s !== NONE) tree[this.size + node.index] = node.index;
    }
    for (let p = this.size - 1; p >= 1; p--) tree[p] = this.better(entry, tree[2 * p] as number, tree[2 * p + 1] as number);
    entry.epoch = table.epoch;
    entry.position = table.changes.length;
  }

  private update(entry: ClassEntry, table: NodeTable, job: JobView, score: ClassScore): void {
    const { tree } = entry;
    const changes = table.changes;
    const pass = ++this.pass;
    for (let c = entry.position; c < changes.length; c++) {
      const i = changes[c] as number;
      if (this.stamp[i] === pass) continue;
      this.stamp[i] = pass;
      const s = this.scoreOf(this.cluster.nodes[i] as NodeInfo, table, job, score);
      entry.score[i] = s;
      let p = this.size + i;
      tree[p] = s === NONE ? -1 : i;
      for (p >>= 1; p >= 1; p >>= 1) {
        const before = tree[p] as number;
        const after = this.better(entry, tree[2 * p] as number, tree[2 * p + 1] as number);
        tree[p] = after;
        // Unchanged winner other than i: its subtree's best is the same, so no ancestor changes.
        if (after === before && after !== i) break;
      }
    }
    entry.position = changes.length;
  }
}

/** The ClassBest of a policy (its own WeakMap) for a cluster view. */
export function classBestOf(owner: WeakMap<ClusterView, ClassBest>, cluster: ClusterView): ClassBest {
  let best = owner.get(cluster);
  if (best === undefined) {
    best = new ClassBest(cluster);
    owner.set(cluster, best);
  }
  return best;
}

/** The class key of a pod for scores that read only its GPUs, share, CPU, memory and model constraint. */
export function podClassKey(job: JobView): string {
  return `${job.gpus}|${job.gpuMilli}|${job.cpuMilli}|${job.memoryMiB}|${job.gpuType ?? ""}|${job.gpuTypes?.join(",") ?? ""}`;
}
