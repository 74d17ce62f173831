/**
 * GPU fragmentation of a node and of a cluster, measured against a target workload, as defined in
 * "Beware of Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation Gradient Descent"
 * (Weng et al., USENIX ATC '23, section 3):
 *
 * - F_n(m), the fragment of node n for task m: the node's unallocated GPU share that task m cannot
 *   use. When m cannot run on n at all (it asks for no GPU, the GPU model is not allowed, CPU or
 *   memory are short, or too few GPUs have the share m needs), all of n's unallocated GPU share is
 *   fragment; otherwise only the free share of the GPUs whose free share is below m's per-GPU
 *   request (min(D_m, 1) GPU) is.
 * - F_n(M) = sum over task classes m of popularity p_m times F_n(m); the cluster's fragmentation is
 *   the sum over nodes.
 *
 * All amounts are in milli-GPUs (1000 = one GPU).
 */
import type { ClusterView, NodeInfo } from "./cluster.js";
import type { GpuName } from "./gpus.js";
import { cpuShareMilli, gpuTypeAllowed, memoryShareMiB, type ResourceRequest } from "./resources.js";

/** One node's free resources as the fragmentation measure reads them (a snapshot or a what-if). */
export interface NodeFreeState {
  /** GPU model of the node's GPUs. */
  readonly gpuType: GpuName;
  /** Free CPU in millicores (Infinity when unconstrained). */
  readonly cpuFreeMilli: number;
  /** Free host memory in MiB (Infinity when unconstrained). */
  readonly memoryFreeMiB: number;
  /** Free share of each GPU of the node, in milli-GPUs. */
  readonly gpuFreeMilli: readonly number[];
}

/** A task class of the target workload with its popularity (popularities sum to 1). */
export interface TargetTask extends ResourceRequest {
  /** Fraction of tasks of this class, p_m. */
  readonly popularity: number;
}

/** The target workload M: the task classes the cluster expects, with popularities. */
export type TargetWorkload = readonly TargetTask[];

/** Snapshot of a node's free resources in a cluster view. */
export function freeStateOf(cluster: ClusterView, node: NodeInfo): NodeFreeState {
  const gpuFreeMilli: number[] = [];
  for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) gpuFreeMilli.push(cluster.gpuFreeMilli(g));
  return { gpuType: node.gpuType, cpuFreeMilli: cluster.nodeFreeCpuMilli(node.index), memoryFreeMiB: cluster.nodeFreeMemoryMiB(node.index), gpuFreeMilli };
}

/** Unallocated GPU share of a node in milli-GPUs. */
export function freeGpuMilliOf(node: NodeFreeState): number {
  let total = 0;
  for (const free of node.gpuFreeMilli) total += free;
  return total;
}

/** F_n(m): the node's unallocated GPU share (milli-GPUs) that task `task` cannot use. */
export function taskFragmentMilli(node: NodeFreeState, task: ResourceRequest): number {
  let total = 0;
  let fitting = 0;
  let tooSmall = 0;
  const perGpu = task.gpuMilli;
  for (const free of node.gpuFreeMilli) {
    total += free;
    if (free >= perGpu) fitting++;
    else tooSmall += free;
  }
  if (total === 0) return 0;
  if (task.gpus === 0 || perGpu === 0) return total;
  if (!gpuTypeAllowed(task, node.gpuType)) return total;
  if (cpuShareMilli(task, task.gpus) > node.cpuFreeMilli || memoryShareMiB(task, task.gpus) > node.memoryFreeMiB) return total;
  if (fitting < task.gpus) return total;
  return tooSmall;
}

/** F_n(M): the node's expected fragment (milli-GPUs) over the target workload. */
export function nodeFragmentMilli(node: NodeFreeState, target: TargetWorkload): number {
  let fragment = 0;
  for (const task of target) fragment += task.popularity * taskFragmentMilli(node, task);
  return fragment;
}

/** F(M): the cluster's fragmentation in milli-GPUs (the sum of its nodes'). */
export function clusterFragmentMilli(cluster: ClusterView, target: TargetWorkload): number {
  let fragment = 0;
  for (const node of cluster.nodes) if (node.gpuCount > 0) fragment += nodeFragmentMilli(freeStateOf(cluster, node), target);
  return fragment;
}
