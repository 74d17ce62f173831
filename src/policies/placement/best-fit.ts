import type { NodeInfo } from "../../model/cluster.js";
import type { PlacementPolicy } from "../types.js";
import { enoughFree, nodeEligible, takeFreeGpus } from "./common.js";

/**
 * Best fit: the node whose free GPUs most tightly fit what is still needed; when no node can hold
 * the rest, the node with the most free GPUs (so the gang spans as few nodes as possible).
 */
export const bestFit: PlacementPolicy = {
  name: "best-fit",
  description: "Tightest fit: the node with the fewest free GPUs that still holds the job (fewest nodes for gangs), leaving big holes for big jobs.",
  place(job, cluster) {
    if (!enoughFree(job, cluster)) return null;
    const chosen: number[] = [];
    const used = new Set<number>();
    let need = job.gpus;
    while (need > 0) {
      let tight: NodeInfo | undefined;
      let largest: NodeInfo | undefined;
      for (const node of cluster.nodes) {
        if (used.has(node.index) || !nodeEligible(node, job, cluster)) continue;
        const free = cluster.freeGpusOnNode(node.index);
        if (free >= need && (tight === undefined || free < cluster.freeGpusOnNode(tight.index))) tight = node;
        if (largest === undefined || free > cluster.freeGpusOnNode(largest.index)) largest = node;
      }
      const pick = tight ?? largest;
      if (pick === undefined) return null;
      used.add(pick.index);
      need -= takeFreeGpus(pick, need, cluster, chosen);
    }
    return chosen;
  },
};
