import type { ClusterView } from "../../model/cluster.js";
import type { PlacementPolicy } from "../types.js";
import { type ClassBest, classBestOf } from "./class-best.js";
import { enoughFree } from "./common.js";
import { maxSpecOf, placeOnHighestScore } from "./node-choice.js";

/**
 * Dot product (the Tetris alignment heuristic as the GPU-sharing study's simulator scores it,
 * plugin/dot_product_score.go with its "merge" dimensions and "max" normalization): the node whose
 * free resources, normalized by the largest node, have the smallest dot product with the pod's
 * demand, d = (free CPU/maxCPU)(CPU/maxCPU) + (free GPU/maxGPU)(GPU/maxGPU), with GPU the node's
 * total free share and the pod's total request; the score is the integer trunc(100 (1 - d/2)),
 * equal scores to the lowest node index (CPU is left out when nodes have no CPU limit). A shared
 * GPU is the tightest one on the node.
 */
const caches = new WeakMap<ClusterView, ClassBest>();

export const dotProduct: PlacementPolicy = {
  name: "dot-product",
  description: "Dot product: the node whose normalized free CPU/GPU has the smallest dot product with the pod's demand (Tetris-style, as in the FGD study).",
  place(job, cluster) {
    if (!enoughFree(job, cluster)) return null;
    const spec = maxSpecOf(cluster);
    const cpuFinite = Number.isFinite(spec.cpuMilli);
    const cpuAsk = cpuFinite ? job.cpuMilli / spec.cpuMilli : 0;
    const gpuAsk = (job.gpus * job.gpuMilli) / spec.gpuMilli;
    return placeOnHighestScore(job, cluster, classBestOf(caches, cluster), (node, table) => {
      const cpuFree = table.cpuFree[node.index] as number;
      const cpuTerm = cpuFinite && Number.isFinite(cpuFree) ? (cpuFree / spec.cpuMilli) * cpuAsk : 0;
      const dot = cpuTerm + ((table.totalFree[node.index] as number) / spec.gpuMilli) * gpuAsk;
      return Math.trunc(100 * (1 - dot / 2));
    });
  },
};
