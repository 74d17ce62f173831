/** The placement policy as it was before the cluster index (commit 58699ed): the brute-force reference of indexed-placement.property.test.ts. */
import { isFractional } from "../../../src/model/resources.js";
import type { PlacementPolicy } from "../../../src/policies/types.js";
import { capacityOnNode, enoughFree, fillInOrder, nodeHoldsJob, usableGpus } from "../../../src/policies/placement/common.js";

/** Worst fit (spread): each GPU from the node with the most free GPUs left, balancing load. */
export const worstFit: PlacementPolicy = {
  name: "worst-fit",
  description: "Spread: each GPU from the node with the most free GPUs (a shared GPU: the emptiest GPU), balancing load across nodes.",
  place(job, cluster) {
    if (!enoughFree(job, cluster)) return null;
    if (job.gpus === 0) {
      const fits = cluster.nodes.filter((n) => nodeHoldsJob(n, job, cluster));
      const best = fits.sort((a, b) => cluster.nodeFreeCpuMilli(b.index) - cluster.nodeFreeCpuMilli(a.index) || a.index - b.index)[0];
      return best === undefined ? null : { gpus: [], node: best.index };
    }
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
    // Free GPUs per node as this placement would leave them (the view itself is read-only).
    const remaining = new Map<number, number[]>();
    for (const node of cluster.nodes) {
      const capacity = capacityOnNode(node, job, cluster);
      if (capacity > 0) remaining.set(node.index, usableGpus(node, job, cluster).slice(0, capacity));
    }
    const chosen: number[] = [];
    while (chosen.length < job.gpus) {
      let best = -1;
      let bestFree = 0;
      for (const [nodeIndex, free] of remaining) {
        if (free.length > bestFree) [best, bestFree] = [nodeIndex, free.length];
      }
      if (best < 0) return null;
      chosen.push((remaining.get(best) as number[]).shift() as number);
    }
    return { gpus: chosen };
  },
};
