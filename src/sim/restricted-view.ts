import type { Cluster, ClusterView, NodeInfo } from "../model/cluster.js";
import type { GpuName } from "../model/gpus.js";
import { scanLargestShareGpu, scanNextNodeWithFree, scanNextNodeWithShare, scanRackFreeGpus, scanRoomiestNode, scanTightestNode, scanTightestShareGpu } from "../model/scan-queries.js";

function isCluster(view: ClusterView): view is Cluster {
  return typeof (view as Partial<Cluster>).restrict === "function";
}

/**
 * A view of the cluster in which nodes that fail `allowed` look full: no free GPUs, CPU or memory.
 * Placement policies given it can only choose allowed nodes (a tenant's segments, a service's
 * region); the scheduler still audits every decision against the real cluster. Over the cluster
 * itself the view is indexed (maintained incrementally, shared by every caller asking for the same
 * nodes); over any other view its queries scan.
 */
export function restrictedView(cluster: ClusterView, allowed: (node: NodeInfo) => boolean): ClusterView {
  if (isCluster(cluster)) return cluster.restrict(allowed);
  const ok = cluster.nodes.map((n) => allowed(n));
  const gpuOk = (g: number) => ok[cluster.nodeOfGpu(g)] === true;
  const view: ClusterView = {
    nodes: cluster.nodes,
    totalGpus: cluster.totalGpus,
    rackCount: cluster.rackCount,
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
    tightestNode: (types, minFree, exclude) => scanTightestNode(view, types, minFree, exclude),
    roomiestNode: (types, exclude) => scanRoomiestNode(view, types, exclude),
    nextNodeWithFree: (types, minFree, fromNode) => scanNextNodeWithFree(view, types, minFree, fromNode),
    nextNodeWithShare: (types, milli, fromNode) => scanNextNodeWithShare(view, types, milli, fromNode),
    rackFreeGpus: (rack, types) => scanRackFreeGpus(view, rack, types),
    tightestShareGpu: (types, milli) => scanTightestShareGpu(view, types, milli),
    largestShareGpu: (types, milli) => scanLargestShareGpu(view, types, milli),
  };
  return view;
}
