import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import { isFractional } from "../../model/resources.js";
import type { JobView, Placement, PlacementPolicy } from "../types.js";
import { capacityOnNode, enoughFree, fillInOrder, nodeHoldsJob, usableGpus } from "./common.js";
import { indexable, takeFreeGpus } from "./indexed.js";

/** A node that may give GPUs, with its usable free GPUs (lowest-numbered first). */
interface Candidate {
  node: number;
  free: number[];
}

/**
 * Water-filling: each GPU from the node with the most free GPUs left (ties: lowest index), given each
 * candidate node's free GPUs in (most free, lowest index) order. A gang of k GPUs only ever draws on
 * the first k nodes of that order: a node further down has no more free GPUs than any of them, so it
 * is reached only after each of them has given at least one GPU, which is k GPUs already.
 */
function waterFill(candidates: readonly Candidate[], need: number): number[] | null {
  const chosen: number[] = [];
  while (chosen.length < need) {
    let best: Candidate | undefined;
    for (const c of candidates) {
      if (c.free.length > 0 && (best === undefined || c.free.length > best.free.length || (c.free.length === best.free.length && c.node < best.node))) best = c;
    }
    if (best === undefined) return null;
    chosen.push(best.free.shift() as number);
  }
  return chosen;
}

/** The first `count` nodes by (most free GPUs, lowest index), from the index, with their free GPUs. */
function roomiestNodes(job: JobView, cluster: ClusterView, count: number): Candidate[] {
  const taken = new Set<number>();
  const out: Candidate[] = [];
  while (out.length < count) {
    const node = cluster.roomiestNode(job, taken);
    if (node < 0) break;
    taken.add(node);
    const free: number[] = [];
    takeFreeGpus(cluster.nodes[node] as NodeInfo, cluster.freeGpusOnNode(node), cluster, free);
    out.push({ node, free });
  }
  return out;
}

function indexedWorstFit(job: JobView, cluster: ClusterView): Placement | null {
  if (isFractional(job)) {
    const g = cluster.largestShareGpu(job, job.gpuMilli);
    return g < 0 ? null : { gpus: [g] };
  }
  if (job.singleNode === true) {
    const node = cluster.roomiestNode(job);
    if (node < 0 || cluster.freeGpusOnNode(node) < job.gpus) return null;
    const gpus: number[] = [];
    takeFreeGpus(cluster.nodes[node] as NodeInfo, job.gpus, cluster, gpus);
    return { gpus };
  }
  const gpus = waterFill(roomiestNodes(job, cluster, job.gpus), job.gpus);
  return gpus === null ? null : { gpus };
}

/**
 * Worst fit (spread): each GPU from the node with the most free GPUs left, balancing load. Jobs
 * without host CPU or memory needs are placed on the index (O(k log N) for k GPUs); others by a scan.
 */
export const worstFit: PlacementPolicy = {
  name: "worst-fit",
  description: "Spread: each GPU from the node with the most free GPUs (a shared GPU: the emptiest GPU), balancing load across nodes.",
  place(job, cluster) {
    if (!enoughFree(job, cluster)) return null;
    if (job.gpus === 0) {
      let best: NodeInfo | undefined;
      for (const node of cluster.nodes) {
        if (!nodeHoldsJob(node, job, cluster)) continue;
        if (best === undefined || cluster.nodeFreeCpuMilli(node.index) > cluster.nodeFreeCpuMilli(best.index)) best = node;
      }
      return best === undefined ? null : { gpus: [], node: best.index };
    }
    if (indexable(job)) return indexedWorstFit(job, cluster);
    if (isFractional(job)) {
      let bestGpu = -1;
      for (const node of cluster.nodes) {
        if (!nodeHoldsJob(node, job, cluster)) continue;
        for (const g of usableGpus(node, job, cluster)) if (bestGpu < 0 || cluster.gpuFreeMilli(g) > cluster.gpuFreeMilli(bestGpu)) bestGpu = g;
      }
      return bestGpu < 0 ? null : { gpus: [bestGpu] };
    }
    if (job.singleNode === true) {
      // A pod stays on one node: the emptiest node that holds it.
      const byFree = [...cluster.nodes].sort((a, b) => cluster.freeGpusOnNode(b.index) - cluster.freeGpusOnNode(a.index) || a.index - b.index);
      return fillInOrder(byFree, job, cluster);
    }
    const candidates: Candidate[] = [];
    for (const node of cluster.nodes) {
      const capacity = capacityOnNode(node, job, cluster);
      if (capacity > 0) candidates.push({ node: node.index, free: usableGpus(node, job, cluster).slice(0, capacity) });
    }
    const gpus = waterFill(candidates, job.gpus);
    return gpus === null ? null : { gpus };
  },
};
