import { WHOLE_GPU_MILLI } from "../../model/resources.js";
import type { PlacementPolicy } from "../types.js";
import { enoughFree } from "./common.js";
import { placeOnBestNode } from "./node-choice.js";

const TIER = 1e7;

/**
 * GPU packing (the GPU-sharing study's baseline), in tiers from best to worst: (1) a node where
 * the pod fits on GPUs that are already shared, preferring the least free share on those GPUs;
 * (2) a node in use that must give fully free GPUs, preferring fewer of them; (3) an idle node
 * (all GPUs free), preferring nodes with fewer GPUs. Ties (and CPU-only pods, which every node
 * scores alike) at random. GPUs on a node: the tightest that fit.
 */
export const gpuPacking: PlacementPolicy = {
  name: "gpu-packing",
  description: "GPU packing: shared GPUs first, then free GPUs on nodes in use, then idle nodes (FGD study baseline).",
  place(job, cluster, rng) {
    if (!enoughFree(job, cluster)) return null;
    return placeOnBestNode(job, cluster, rng, (node, gpus) => {
      if (job.gpus === 0) return 0;
      if (cluster.freeGpusOnNode(node.index) === node.gpuCount) return 3 * TIER + node.gpuCount;
      let fullyFree = 0;
      let sharedFree = 0;
      for (const g of gpus) {
        const free = cluster.gpuFreeMilli(g);
        if (free === WHOLE_GPU_MILLI) fullyFree++;
        else sharedFree += free;
      }
      return fullyFree > 0 ? 2 * TIER + fullyFree : TIER + sharedFree;
    });
  },
};
