import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import type { JobView } from "../types.js";

/**
 * Helpers for placement on the cluster's free-capacity index. The index counts GPUs only, so it
 * answers exactly the jobs that ask nothing of host CPU or memory; policies keep a scan for the rest.
 */

/** True when the job asks for no host CPU or memory, so the index's free-GPU counts decide where it fits. */
export function indexable(job: JobView): boolean {
  return job.cpuMilli === 0 && job.memoryMiB === 0;
}

/** Append the node's `count` lowest-numbered fully free GPUs to `out` (no spread: nodes may hold very many GPUs). */
export function takeFreeGpus(node: NodeInfo, count: number, cluster: ClusterView, out: number[]): void {
  let taken = 0;
  for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount && taken < count; g++) {
    if (cluster.isGpuFree(g)) {
      out.push(g);
      taken++;
    }
  }
}

/** The node's lowest-numbered GPU with at least `milli` free share, or -1. */
export function firstGpuWithShare(node: NodeInfo, milli: number, cluster: ClusterView): number {
  for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) if (cluster.gpuFreeMilli(g) >= milli) return g;
  return -1;
}

/** Append every element of `items` to `out` (push(...items) overflows the call stack for large arrays). */
export function appendAll(out: number[], items: readonly number[]): void {
  for (const item of items) out.push(item);
}
