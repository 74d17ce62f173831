import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import type { JobView } from "../types.js";

/** True when the node's GPUs may be given to the job (type matches, at least one free GPU). */
export function nodeEligible(node: NodeInfo, job: JobView, cluster: ClusterView): boolean {
  return (job.gpuType === undefined || node.gpuType === job.gpuType) && cluster.freeGpusOnNode(node.index) > 0;
}

/** Append up to `count` free GPUs of a node to `out`; returns how many were taken. */
export function takeFreeGpus(node: NodeInfo, count: number, cluster: ClusterView, out: number[]): number {
  let taken = 0;
  for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount && taken < count; g++) {
    if (cluster.isGpuFree(g)) {
      out.push(g);
      taken++;
    }
  }
  return taken;
}

/** Take GPUs from nodes in the given order until the job has enough; null when they run out. */
export function fillInOrder(nodes: Iterable<NodeInfo>, job: JobView, cluster: ClusterView): number[] | null {
  const chosen: number[] = [];
  let need = job.gpus;
  for (const node of nodes) {
    if (!nodeEligible(node, job, cluster)) continue;
    need -= takeFreeGpus(node, need, cluster, chosen);
    if (need === 0) return chosen;
  }
  return null;
}

/** True when the cluster has enough free GPUs of the job's type in total. */
export function enoughFree(job: JobView, cluster: ClusterView): boolean {
  return cluster.freeGpus(job.gpuType) >= job.gpus;
}
