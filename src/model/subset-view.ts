import type { ClusterView } from "./cluster-view.js";
import type { ExcludedNodes, GpuTypeFilter, PoolSet } from "./free-index.js";
import type { GpuName } from "./gpus.js";

/**
 * A view of the cluster in which only the nodes of `allowed` exist for placement: other nodes look
 * full (no free GPUs, share, CPU or memory). Its free-capacity questions are answered by the
 * subset's own pools, which the cluster keeps in step with every change (`ensureShares` switches
 * the GPU-share indexes on before the first share query).
 */
export function subsetView(cluster: ClusterView, allowed: readonly boolean[], index: PoolSet, ensureShares: () => void): ClusterView {
  const nodeOk = (n: number) => allowed[n] === true;
  const gpuOk = (g: number) => allowed[cluster.nodeOfGpu(g)] === true;
  return {
    nodes: cluster.nodes,
    totalGpus: cluster.totalGpus,
    rackCount: cluster.rackCount,
    freeGpusOnNode: (n) => (nodeOk(n) ? cluster.freeGpusOnNode(n) : 0),
    isGpuFree: (g) => gpuOk(g) && cluster.isGpuFree(g),
    gpuFreeMilli: (g) => (gpuOk(g) ? cluster.gpuFreeMilli(g) : 0),
    nodeFreeCpuMilli: (n) => (nodeOk(n) ? cluster.nodeFreeCpuMilli(n) : 0),
    nodeFreeMemoryMiB: (n) => (nodeOk(n) ? cluster.nodeFreeMemoryMiB(n) : 0),
    nodeOfGpu: (g) => cluster.nodeOfGpu(g),
    freeGpus: (type?: GpuName) => index.freeGpus(type),
    capacityGpus: (type?: GpuName) => index.capacityGpus(type),
    tightestNode: (types: GpuTypeFilter | undefined, minFree: number, exclude?: ExcludedNodes) => index.tightestNode(types, minFree, exclude),
    roomiestNode: (types: GpuTypeFilter | undefined, exclude?: ExcludedNodes) => index.roomiestNode(types, exclude),
    nextNodeWithFree: (types: GpuTypeFilter | undefined, minFree: number, fromNode?: number) => index.nextNodeWithFree(types, minFree, fromNode),
    nextNodeWithShare: (types: GpuTypeFilter | undefined, milli: number, fromNode?: number) => {
      ensureShares();
      return index.nextNodeWithShare(types, milli, fromNode);
    },
    rackFreeGpus: (rack: number, types?: GpuTypeFilter) => index.rackFreeGpus(rack, types),
    tightestShareGpu: (types: GpuTypeFilter | undefined, milli: number) => {
      ensureShares();
      return index.tightestShareGpu(types, milli);
    },
    largestShareGpu: (types: GpuTypeFilter | undefined, milli: number) => {
      ensureShares();
      return index.largestShareGpu(types, milli);
    },
  };
}
