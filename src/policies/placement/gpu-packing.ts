import { isFractional, WHOLE_GPU_MILLI } from "../../model/resources.js";
import type { ClusterView } from "../../model/cluster.js";
import type { PlacementPolicy } from "../types.js";
import { type ClassBest, classBestOf } from "./class-best.js";
import { enoughFree } from "./common.js";
import { placeOnHighestScore } from "./node-choice.js";

/**
 * GPU packing (the GPU-sharing study's baseline, plugin/gpu_packing_score.go), integer scores in
 * tiers from best to worst: (1) a shared GPU already in use takes the pod: 100 - trunc(free % of
 * that GPU / 10), at least 50; (2) a node in use must give fully free GPUs: 50 - their number, at
 * least 33; (3) an idle node (all GPUs free): 33 - its GPUs (at least its GPUs). Equal scores (and
 * CPU-only pods, which every node scores 0) go to the lowest node index. GPUs on a node: the
 * tightest that fit.
 */
const caches = new WeakMap<ClusterView, ClassBest>();

export const gpuPacking: PlacementPolicy = {
  name: "gpu-packing",
  description: "GPU packing: shared GPUs first, then free GPUs on nodes in use, then idle nodes (FGD study baseline).",
  place(job, cluster) {
    if (!enoughFree(job, cluster)) return null;
    const shared = isFractional(job);
    return placeOnHighestScore(job, cluster, classBestOf(caches, cluster), (node, table) => {
      if (job.gpus === 0) return 0;
      const fully = table.fullyFree[node.index] as number;
      if (fully === node.gpuCount) return Math.max(33 - fully, fully);
      if (!shared) return Math.max(50 - job.gpus, 33);
      let free = WHOLE_GPU_MILLI + 1; // the tightest GPU with the share, as the pod would take it
      for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) {
        const f = table.gpuFree[g] as number;
        if (f >= job.gpuMilli && f < free) free = f;
      }
      if (free === WHOLE_GPU_MILLI) return 49;
      return Math.max(100 - Math.trunc(Math.trunc((free * 100) / WHOLE_GPU_MILLI) / 10), 50);
    });
  },
};
