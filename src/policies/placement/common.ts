import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import { cpuShareMilli, gpuTypeAllowed, isFractional, memoryShareMiB } from "../../model/resources.js";
import type { JobView, Placement } from "../types.js";
import { appendAll } from "./indexed.js";

/** True when the node's GPU model is one the job allows (gpuType and the gpuTypes list). */
export function typeMatches(node: NodeInfo, job: JobView): boolean {
  return gpuTypeAllowed(job, node.gpuType);
}

/** True when the node has CPU and memory for `gpusOnNode` of the job's GPUs (or all of a CPU-only job). */
export function hostFits(node: NodeInfo, job: JobView, gpusOnNode: number, cluster: ClusterView): boolean {
  return cpuShareMilli(job, gpusOnNode) <= cluster.nodeFreeCpuMilli(node.index) && memoryShareMiB(job, gpusOnNode) <= cluster.nodeFreeMemoryMiB(node.index);
}

/** GPUs on a node the job could use: fully free ones, or for a shared GPU, ones with enough free share. */
export function usableGpus(node: NodeInfo, job: JobView, cluster: ClusterView): number[] {
  const out: number[] = [];
  if (!typeMatches(node, job)) return out;
  const fractional = isFractional(job);
  for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) {
    if (fractional ? cluster.gpuFreeMilli(g) >= job.gpuMilli : cluster.isGpuFree(g)) out.push(g);
  }
  return out;
}

/** How many whole GPUs a node could give the job: its free GPUs, limited by its CPU and memory (not capped at job.gpus). */
export function capacityOnNode(node: NodeInfo, job: JobView, cluster: ClusterView): number {
  if (!typeMatches(node, job)) return 0;
  let take = cluster.freeGpusOnNode(node.index);
  while (take > 0 && !hostFits(node, job, take, cluster)) take--;
  return take;
}

/** True when a node can hold the job entirely (all GPUs, CPU and memory). */
export function nodeHoldsJob(node: NodeInfo, job: JobView, cluster: ClusterView): boolean {
  if (job.gpus === 0) return hostFits(node, job, 0, cluster);
  if (isFractional(job)) return hostFits(node, job, 1, cluster) && usableGpus(node, job, cluster).length > 0;
  return capacityOnNode(node, job, cluster) >= job.gpus;
}

/**
 * Place a job visiting nodes in the given order: a CPU-only job or a shared GPU goes to the first
 * node that holds it (its first usable GPU); a gang takes whole GPUs node by node until complete
 * (a single-node gang: all of them from the first node that holds it).
 */
export function fillInOrder(nodes: Iterable<NodeInfo>, job: JobView, cluster: ClusterView): Placement | null {
  if (job.gpus === 0 || isFractional(job)) {
    for (const node of nodes) {
      if (!nodeHoldsJob(node, job, cluster)) continue;
      return job.gpus === 0 ? { gpus: [], node: node.index } : { gpus: [usableGpus(node, job, cluster)[0] as number] };
    }
    return null;
  }
  if (job.singleNode === true) {
    for (const node of nodes) if (capacityOnNode(node, job, cluster) >= job.gpus) return { gpus: usableGpus(node, job, cluster).slice(0, job.gpus) };
    return null;
  }
  const chosen: number[] = [];
  let need = job.gpus;
  for (const node of nodes) {
    const take = Math.min(need, capacityOnNode(node, job, cluster));
    if (take === 0) continue;
    appendAll(chosen, usableGpus(node, job, cluster).slice(0, take));
    need -= take;
    if (need === 0) return { gpus: chosen };
  }
  return null;
}

/** Quick reject: not enough fully free GPUs of the job's type in the whole cluster for a gang. */
export function enoughFree(job: JobView, cluster: ClusterView): boolean {
  if (job.gpus === 0 || isFractional(job)) return true;
  return cluster.freeGpus(job.gpuType) >= job.gpus;
}
