import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import { isFractional } from "../../model/resources.js";
import type { JobView, Placement, PlacementPolicy } from "../types.js";
import { capacityOnNode, enoughFree, nodeHoldsJob, usableGpus } from "./common.js";
import { appendAll, indexable, takeFreeGpus } from "./indexed.js";
import { maxSpecOf, nodeFreeGpuMilli, placeOnBestNode } from "./node-choice.js";

/**
 * A gang of whole GPUs, on the index: repeatedly the node whose free GPUs most tightly fit what is
 * still needed, else the node with the most free GPUs (ties: lowest index), each node once.
 * O(nodes used × log N).
 */
function indexedGang(job: JobView, cluster: ClusterView): Placement | null {
  const chosen: number[] = [];
  const used = new Set<number>();
  let need = job.gpus;
  while (need > 0) {
    let pick = cluster.tightestNode(job, need, used);
    if (pick < 0) pick = cluster.roomiestNode(job, used);
    if (pick < 0) return null;
    used.add(pick);
    const take = Math.min(need, cluster.freeGpusOnNode(pick));
    takeFreeGpus(cluster.nodes[pick] as NodeInfo, take, cluster, chosen);
    need -= take;
  }
  return { gpus: chosen };
}

/** The same decision as `indexedGang` by scanning every node, for jobs with host CPU or memory needs. */
function scannedGang(job: JobView, cluster: ClusterView): Placement | null {
  const chosen: number[] = [];
  const used = new Set<number>();
  let need = job.gpus;
  while (need > 0) {
    let tight: NodeInfo | undefined;
    let tightFree = 0;
    let largest: NodeInfo | undefined;
    let largestFree = 0;
    for (const node of cluster.nodes) {
      if (used.has(node.index)) continue;
      const free = capacityOnNode(node, job, cluster);
      if (free === 0) continue;
      if (free >= need && (tight === undefined || free < tightFree)) [tight, tightFree] = [node, free];
      if (free > largestFree) [largest, largestFree] = [node, free];
    }
    const pick = tight ?? largest;
    if (pick === undefined) return null;
    used.add(pick.index);
    const take = Math.min(need, capacityOnNode(pick, job, cluster));
    appendAll(chosen, usableGpus(pick, job, cluster).slice(0, take));
    need -= take;
  }
  return { gpus: chosen };
}

/** A shared GPU: the usable GPU with the least free share (ties: lowest index). */
function sharedGpu(job: JobView, cluster: ClusterView): Placement | null {
  if (indexable(job)) {
    const g = cluster.tightestShareGpu(job, job.gpuMilli);
    return g < 0 ? null : { gpus: [g] };
  }
  let bestGpu = -1;
  for (const node of cluster.nodes) {
    if (!nodeHoldsJob(node, job, cluster)) continue;
    for (const g of usableGpus(node, job, cluster)) if (bestGpu < 0 || cluster.gpuFreeMilli(g) < cluster.gpuFreeMilli(bestGpu)) bestGpu = g;
  }
  return bestGpu < 0 ? null : { gpus: [bestGpu] };
}

/**
 * Best fit. A single-node pod (openb) follows the GPU-sharing study's definition: the node with the
 * least resources left after placing it, scored 0.5 (free CPU - CPU)/maxCPU + 0.5 (free GPU - GPU)/maxGPU
 * (CPU is left out when nodes have no CPU limit), ties at random; a shared GPU is the tightest one.
 * Other jobs: the node whose free GPUs most tightly fit what is still needed; when no node can hold
 * the rest, the node with the most free GPUs (so a gang spans as few nodes as possible). A shared
 * GPU goes to the usable GPU with the least free share; a CPU-only job to the node with least free CPU.
 * Jobs without host CPU or memory needs are placed on the cluster's index in O(log N) per node used.
 */
export const bestFit: PlacementPolicy = {
  name: "best-fit",
  description: "Tightest fit: the node (or shared GPU) with the least free capacity that still holds the job; gangs span the fewest nodes.",
  place(job, cluster, rng) {
    if (!enoughFree(job, cluster)) return null;
    if (job.singleNode === true) {
      const spec = maxSpecOf(cluster);
      const gpuAsk = job.gpus * job.gpuMilli;
      return placeOnBestNode(job, cluster, rng, (node) => {
        const cpuLeft = cluster.nodeFreeCpuMilli(node.index) - job.cpuMilli;
        const cpuTerm = Number.isFinite(cpuLeft) && Number.isFinite(spec.cpuMilli) ? (0.5 * cpuLeft) / spec.cpuMilli : 0;
        return cpuTerm + (0.5 * (nodeFreeGpuMilli(node, cluster) - gpuAsk)) / spec.gpuMilli;
      });
    }
    if (job.gpus === 0) {
      // CPU-only jobs: the node with the least free CPU that holds the job (a scan: CPU is not indexed).
      let best: NodeInfo | undefined;
      for (const node of cluster.nodes) {
        if (!nodeHoldsJob(node, job, cluster)) continue;
        if (best === undefined || cluster.nodeFreeCpuMilli(node.index) < cluster.nodeFreeCpuMilli(best.index)) best = node;
      }
      return best === undefined ? null : { gpus: [], node: best.index };
    }
    if (isFractional(job)) return sharedGpu(job, cluster);
    return indexable(job) ? indexedGang(job, cluster) : scannedGang(job, cluster);
  },
};
