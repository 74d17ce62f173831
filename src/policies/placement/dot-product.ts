import type { PlacementPolicy } from "../types.js";
import { enoughFree } from "./common.js";
import { maxSpecOf, nodeFreeGpuMilli, placeOnBestNode } from "./node-choice.js";

/**
 * Dot product (the Tetris alignment heuristic as the GPU-sharing study's simulator scores it): the
 * node whose free resources, normalized by the largest node, have the smallest dot product with
 * the pod's demand: (free CPU/maxCPU)(CPU/maxCPU) + (free GPU/maxGPU)(GPU/maxGPU), with GPU the
 * node's total free share and the pod's total request (CPU is left out when nodes have no CPU
 * limit). Ties at random; a shared GPU is the tightest one on the node.
 */
export const dotProduct: PlacementPolicy = {
  name: "dot-product",
  description: "Dot product: the node whose normalized free CPU/GPU has the smallest dot product with the pod's demand (Tetris-style, as in the FGD study).",
  place(job, cluster, rng) {
    if (!enoughFree(job, cluster)) return null;
    const spec = maxSpecOf(cluster);
    const cpuAsk = Number.isFinite(spec.cpuMilli) ? job.cpuMilli / spec.cpuMilli : 0;
    const gpuAsk = (job.gpus * job.gpuMilli) / spec.gpuMilli;
    return placeOnBestNode(job, cluster, rng, (node) => {
      const cpuFree = cluster.nodeFreeCpuMilli(node.index);
      const cpuTerm = cpuAsk === 0 || !Number.isFinite(cpuFree) ? 0 : (cpuFree / spec.cpuMilli) * cpuAsk;
      return cpuTerm + (nodeFreeGpuMilli(node, cluster) / spec.gpuMilli) * gpuAsk;
    });
  },
};
