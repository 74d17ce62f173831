import type { ExcludedNodes, GpuTypeFilter } from "./free-index.js";
import type { GpuName } from "./gpus.js";

/** A group of identical nodes, as the `cluster.nodes` shorthand describes them. */
export interface NodeGroupSpec {
  /** Number of nodes in the group. */
  count: number;
  /** GPU model on every node of the group. */
  gpu: GpuName;
  /** GPUs per node (0 for CPU-only nodes). */
  gpusPerNode: number;
  /** Node name prefix; nodes are named `${rack}-${prefix}${i}`. */
  namePrefix?: string | undefined;
  /** CPU capacity per node in millicores (unlimited when absent). */
  cpuMilli?: number | undefined;
  /** Host memory per node in MiB (unlimited when absent). */
  memoryMiB?: number | undefined;
  /** Rack name (default `rack0`). */
  rack?: string | undefined;
  /** Region name (default `region0`). */
  region?: string | undefined;
  /** Labels (segments, pools) tenants may be restricted to. */
  labels?: readonly string[] | undefined;
}

/** Read-only facts about one node. */
export interface NodeInfo {
  /** Index of the node in the cluster (0-based, in scenario order). */
  readonly index: number;
  /** Stable id such as `rack0-node3`. */
  readonly id: string;
  /** Rack name. */
  readonly rack: string;
  /** Rack index (racks numbered in order of first appearance). */
  readonly rackIndex: number;
  /** Region name. */
  readonly region: string;
  /** Region index. */
  readonly regionIndex: number;
  /** GPU model of the node's GPUs. */
  readonly gpuType: GpuName;
  /** Number of GPUs. */
  readonly gpuCount: number;
  /** Global index of the node's first GPU; its GPUs are firstGpu .. firstGpu + gpuCount - 1. */
  readonly firstGpu: number;
  /** Labels (segments) of the node. */
  readonly labels: readonly string[];
  /** CPU capacity in millicores (Infinity when unconstrained). */
  readonly cpuMilli: number;
  /** Host memory in MiB (Infinity when unconstrained). */
  readonly memoryMiB: number;
}

/** What placement policies may look at: a read-only view of the cluster's allocation state. */
export interface ClusterView {
  /** Nodes in index order. */
  readonly nodes: readonly NodeInfo[];
  /** Total number of GPUs. */
  readonly totalGpus: number;
  /** Number of completely free GPUs on a node. */
  freeGpusOnNode(nodeIndex: number): number;
  /** True when a GPU (global index) is completely free. */
  isGpuFree(gpuIndex: number): boolean;
  /** Free share of a GPU in milli-GPUs (1000 = all of it). */
  gpuFreeMilli(gpuIndex: number): number;
  /** Free CPU on a node in millicores. */
  nodeFreeCpuMilli(nodeIndex: number): number;
  /** Free host memory on a node in MiB. */
  nodeFreeMemoryMiB(nodeIndex: number): number;
  /** Node index owning a GPU (global index). */
  nodeOfGpu(gpuIndex: number): number;
  /** Completely free GPUs of a type (all types when undefined). */
  freeGpus(gpuType?: GpuName): number;
  /** Total GPUs of a type (all types when undefined). */
  capacityGpus(gpuType?: GpuName): number;
  // Indexed queries (O(log N) each; ties go to the lowest node index). Policies should prefer them
  // to walking `nodes`; they count fully free GPUs only and ignore host CPU and memory.
  /** The node with the fewest fully free GPUs of an allowed model that still has `minFree` (skipping `exclude`); -1 when none. */
  tightestNode(types: GpuTypeFilter | undefined, minFree: number, exclude?: ExcludedNodes): number;
  /** The node with the most fully free GPUs of an allowed model (skipping `exclude`); -1 when none has any. */
  roomiestNode(types: GpuTypeFilter | undefined, exclude?: ExcludedNodes): number;
  /** Lowest node index >= fromNode with `minFree` fully free GPUs of an allowed model; -1 when none. */
  nextNodeWithFree(types: GpuTypeFilter | undefined, minFree: number, fromNode?: number): number;
  /** Lowest node index >= fromNode with a GPU of an allowed model that has `milli` free share; -1 when none. */
  nextNodeWithShare(types: GpuTypeFilter | undefined, milli: number, fromNode?: number): number;
  /** Fully free GPUs of allowed models on a rack. */
  rackFreeGpus(rackIndex: number, types?: GpuTypeFilter): number;
  /** The GPU of an allowed model with the least free share that still has `milli` (ties: lowest index); -1 when none. */
  tightestShareGpu(types: GpuTypeFilter | undefined, milli: number): number;
  /** The GPU of an allowed model with the most free share, if it has `milli` (ties: lowest index); -1 when none. */
  largestShareGpu(types: GpuTypeFilter | undefined, milli: number): number;
  /** Number of racks (rack indices are 0 .. rackCount - 1). */
  readonly rackCount: number;
}
