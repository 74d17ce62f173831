import type { ClusterView, NodeInfo } from "../model/cluster.js";
import type { GpuName } from "../model/gpus.js";

/**
 * A view of the cluster in which nodes that fail `allowed` look full: no free GPUs, CPU or memory.
 * Placement policies given it can only choose allowed nodes (a tenant's segments, a service's
 * region); the scheduler still audits every decision against the real cluster.
 */
export function restrictedView(cluster: ClusterView, allowed: (node: NodeInfo) => boolean): ClusterView {
  const ok = cluster.nodes.map((n) => allowed(n));
  const gpuOk = (g: number) => ok[cluster.nodeOfGpu(g)] === true;
  return {
    nodes: cluster.nodes,
    totalGpus: cluster.totalGpus,
    freeGpusOnNode: (n) => (ok[n] ? cluster.freeGpusOnNode(n) : 0),
    isGpuFree: (g) => gpuOk(g) && cluster.isGpuFree(g),
    gpuFreeMilli: (g) => (gpuOk(g) ? cluster.gpuFreeMilli(g) : 0),
    nodeFreeCpuMilli: (n) => (ok[n] ? cluster.nodeFreeCpuMilli(n) : 0),
    nodeFreeMemoryMiB: (n) => (ok[n] ? cluster.nodeFreeMemoryMiB(n) : 0),
    nodeOfGpu: (g) => cluster.nodeOfGpu(g),
    freeGpus: (type?: GpuName) => {
      let free = 0;
      for (const n of cluster.nodes) if (ok[n.index] && (type === undefined || n.gpuType === type)) free += cluster.freeGpusOnNode(n.index);
      return free;
    },
    capacityGpus: (type?: GpuName) => {
      let total = 0;
      for (const n of cluster.nodes) if (ok[n.index] && (type === undefined || n.gpuType === type)) total += n.gpuCount;
      return total;
    },
  };
}
