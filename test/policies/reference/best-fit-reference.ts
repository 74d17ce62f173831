/** The placement policy as it was before the cluster index (commit 58699ed): the brute-force reference of indexed-placement.property.test.ts. */
import type { NodeInfo } from "../../../src/model/cluster.js";
import { isFractional } from "../../../src/model/resources.js";
import type { PlacementPolicy } from "../../../src/policies/types.js";
import { capacityOnNode, enoughFree, nodeHoldsJob, usableGpus } from "../../../src/policies/placement/common.js";
import { maxSpecOf, nodeFreeGpuMilli, placeOnBestNode } from "../../../src/policies/placement/node-choice.js";

/**
 * Best fit. A single-node pod (openb) follows the GPU-sharing study's definition: the node with the
 * least resources left after placing it, scored 0.5 (free CPU - CPU)/maxCPU + 0.5 (free GPU - GPU)/maxGPU
 * (CPU is left out when nodes have no CPU limit), ties at random; a shared GPU is the tightest one.
 * Other jobs: the node whose free GPUs most tightly fit what is still needed; when no node can hold
 * the rest, the node with the most free GPUs (so a gang spans as few nodes as possible). A shared
 * GPU goes to the usable GPU with the least free share; a CPU-only job to the node with least free CPU.
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
      const fits = cluster.nodes.filter((n) => nodeHoldsJob(n, job, cluster));
      const best = fits.sort((a, b) => cluster.nodeFreeCpuMilli(a.index) - cluster.nodeFreeCpuMilli(b.index) || a.index - b.index)[0];
      return best === undefined ? null : { gpus: [], node: best.index };
    }
    if (isFractional(job)) {
      let bestGpu = -1;
      for (const node of cluster.nodes) {
        if (!nodeHoldsJob(node, job, cluster)) continue;
        for (const g of usableGpus(node, job, cluster)) if (bestGpu < 0 || cluster.gpuFreeMilli(g) < cluster.gpuFreeMilli(bestGpu)) bestGpu = g;
      }
      return bestGpu < 0 ? null : { gpus: [bestGpu] };
    }
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
      chosen.push(...usableGpus(pick, job, cluster).slice(0, take));
      need -= take;
    }
    return { gpus: chosen };
  },
};
