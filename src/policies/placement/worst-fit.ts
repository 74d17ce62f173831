import type { NodeInfo } from "../../model/cluster.js";
import type { PlacementPolicy } from "../types.js";
import { enoughFree, nodeEligible } from "./common.js";

/** Worst fit (spread): each GPU from the node with the most free GPUs left, balancing load. */
export const worstFit: PlacementPolicy = {
  name: "worst-fit",
  description: "Spread: each GPU comes from the node with the most free GPUs, balancing load across nodes.",
  place(job, cluster) {
    if (!enoughFree(job, cluster)) return null;
    // Free GPUs per node as this placement would leave them (the view itself is read-only).
    const remaining = new Map<number, number[]>();
    for (const node of cluster.nodes) {
      if (!nodeEligible(node, job, cluster)) continue;
      const free: number[] = [];
      for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) if (cluster.isGpuFree(g)) free.push(g);
      remaining.set(node.index, free);
    }
    const chosen: number[] = [];
    while (chosen.length < job.gpus) {
      let best: NodeInfo | undefined;
      let bestFree = 0;
      for (const node of cluster.nodes) {
        const free = remaining.get(node.index)?.length ?? 0;
        if (free > bestFree) {
          best = node;
          bestFree = free;
        }
      }
      if (best === undefined) return null;
      chosen.push((remaining.get(best.index) as number[]).shift() as number);
    }
    return chosen;
  },
};
