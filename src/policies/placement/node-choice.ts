import type { RandomStream } from "../../engine/rng.js";
import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import { gpuTypeAllowed, isFractional, WHOLE_GPU_MILLI } from "../../model/resources.js";
import type { JobView, Placement } from "../types.js";
import { fillInOrder, nodeHoldsJob, usableGpus } from "./common.js";
import { type ClassBest, type ClassScore, podClassKey } from "./class-best.js";
import { cannotHold, type NodeTable, nodeTableOf } from "./node-table.js";

/**
 * Shared machinery of the node-scoring policies of the GPU-sharing study (Weng et al., ATC '23):
 * a pod goes to one node, the best-scored node that holds it; exact ties are broken uniformly at
 * random (as the Kubernetes scheduler does among equal scores), from the policy's RNG stream.
 */

/**
 * Keeps the lowest-scored candidate: by score, then by an optional secondary score; candidates
 * equal on both are tied and broken uniformly at random (reservoir sampling on the RNG stream).
 */
export class LowestScore<T> {
  private bestScore = Number.POSITIVE_INFINITY;
  private bestSecondary = Number.POSITIVE_INFINITY;
  private ties = 0;
  /** The chosen candidate, or undefined when none was offered with a finite score. */
  best: T | undefined;

  constructor(private readonly rng: RandomStream) {}

  /** Offer a candidate with its score (lower is better; non-finite scores are ignored). */
  offer(score: number, candidate: T, secondary = 0): void {
    if (!Number.isFinite(score)) return;
    const order = score < this.bestScore - 1e-9 ? -1 : score > this.bestScore + 1e-9 ? 1 : Math.sign(secondary - this.bestSecondary);
    if (order < 0) {
      this.bestScore = score;
      this.bestSecondary = secondary;
      this.best = candidate;
      this.ties = 1;
    } else if (order === 0) {
      this.ties++;
      if (this.rng.next() * this.ties < 1) this.best = candidate;
    }
  }
}

/**
 * The GPUs a pod takes on a node by default (the GPU-share device plugin's choice): a shared GPU
 * is the tightest one that still has the share (least free share, then lowest index); whole GPUs
 * are the node's lowest-numbered free ones; a CPU-only pod takes none. Null when the node cannot
 * hold the pod (GPUs, model, CPU or memory).
 */
export function defaultGpus(node: NodeInfo, job: JobView, cluster: ClusterView): number[] | null {
  // Cheap rejections first (most nodes, once the cluster fills up).
  if (job.gpus > node.gpuCount || job.cpuMilli > cluster.nodeFreeCpuMilli(node.index) || job.memoryMiB > cluster.nodeFreeMemoryMiB(node.index)) return null;
  if (!nodeHoldsJob(node, job, cluster)) return null;
  if (job.gpus === 0) return [];
  const usable = usableGpus(node, job, cluster);
  if (!isFractional(job)) return usable.slice(0, job.gpus);
  let best = usable[0] as number;
  for (const g of usable) if (cluster.gpuFreeMilli(g) < cluster.gpuFreeMilli(best)) best = g;
  return [best];
}

/** Free GPU share of a node in milli-GPUs. */
export function nodeFreeGpuMilli(node: NodeInfo, cluster: ClusterView): number {
  let free = 0;
  for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) free += cluster.gpuFreeMilli(g);
  return free;
}

/** Normalizers of the study's scores: the largest node's CPU and GPU capacity. */
export interface MaxSpec {
  /** Largest finite node CPU in millicores (Infinity when no node has a CPU limit). */
  readonly cpuMilli: number;
  /** Largest node GPU capacity in milli-GPUs (at least 1000). */
  readonly gpuMilli: number;
}

const maxSpecs = new WeakMap<ClusterView, MaxSpec>();

/** The cluster's MaxSpec (computed once per cluster). */
export function maxSpecOf(cluster: ClusterView): MaxSpec {
  let spec = maxSpecs.get(cluster);
  if (spec === undefined) {
    let cpuMilli = 0;
    let gpuMilli = WHOLE_GPU_MILLI;
    for (const node of cluster.nodes) {
      if (Number.isFinite(node.cpuMilli)) cpuMilli = Math.max(cpuMilli, node.cpuMilli);
      gpuMilli = Math.max(gpuMilli, node.gpuCount * WHOLE_GPU_MILLI);
    }
    spec = { cpuMilli: cpuMilli === 0 ? Number.POSITIVE_INFINITY : cpuMilli, gpuMilli };
    maxSpecs.set(cluster, spec);
  }
  return spec;
}

/** Scores one node that holds the job, given the GPUs it would take there (lower is better). */
export type NodeScore = (node: NodeInfo, gpus: readonly number[]) => number;

/**
 * The GPUs a single-node pod takes on a node that holds it (the study's default "best" GPU
 * selection, from the table): a shared GPU is the tightest one that has the share (lowest index
 * among equal), whole GPUs the lowest-numbered fully free ones, a CPU-only pod none. Null when
 * the node does not hold the pod (model, GPUs, CPU or memory).
 */
export function tableGpus(table: NodeTable, node: NodeInfo, job: JobView): number[] | null {
  if (cannotHold(table, node, job)) return null;
  if (job.gpus === 0) return [];
  if (!gpuTypeAllowed(job, node.gpuType)) return null;
  const end = node.firstGpu + node.gpuCount;
  if (isFractional(job)) {
    let best = -1;
    for (let g = node.firstGpu; g < end; g++) {
      const free = table.gpuFree[g] as number;
      if (free >= job.gpuMilli && (best < 0 || free < (table.gpuFree[best] as number))) best = g;
    }
    return [best];
  }
  const gpus: number[] = [];
  for (let g = node.firstGpu; g < end && gpus.length < job.gpus; g++) if (table.gpuFree[g] === WHOLE_GPU_MILLI) gpus.push(g);
  return gpus;
}

/**
 * Place a single-node pod on the node with the highest score (the study's scores are integers
 * 0-100), equal scores to the lowest node index (its scheduler picks the smallest node name), with
 * its default GPUs (`tableGpus`). `score` sees only nodes that hold the pod and must depend only on
 * the node's state and the pod's class (`podClassKey` plus `keyExtra`): nodes are re-scored only
 * when they change. A gang that may span nodes and fits on no single node falls back to filling
 * nodes in index order.
 */
export function placeOnHighestScore(job: JobView, cluster: ClusterView, best: ClassBest, score: ClassScore, keyExtra = ""): Placement | null {
  const chosen = best.best(`${podClassKey(job)}|${keyExtra}`, job, score);
  if (chosen >= 0) {
    const node = cluster.nodes[chosen] as NodeInfo;
    const gpus = tableGpus(nodeTableOf(cluster), node, job) as number[];
    return job.gpus === 0 ? { gpus: [], node: chosen } : { gpus };
  }
  if (job.gpus > 1 && job.singleNode !== true) return fillInOrder(cluster.nodes, job, cluster);
  return null;
}

/**
 * Place a job on the lowest-scored node that holds it (default GPUs, random tie-break). A gang
 * that may span nodes and fits on no single node falls back to filling nodes in index order.
 */
export function placeOnBestNode(job: JobView, cluster: ClusterView, rng: RandomStream, score: NodeScore): Placement | null {
  const choice = new LowestScore<{ node: number; gpus: number[] }>(rng);
  const table = nodeTableOf(cluster);
  for (const node of cluster.nodes) {
    const gpus = tableGpus(table, node, job);
    if (gpus !== null) choice.offer(score(node, gpus), { node: node.index, gpus });
  }
  const best = choice.best;
  if (best !== undefined) return job.gpus === 0 ? { gpus: [], node: best.node } : { gpus: best.gpus };
  if (job.gpus > 1 && job.singleNode !== true) return fillInOrder(cluster.nodes, job, cluster);
  return null;
}
