import type { NodeInfo } from "../../model/cluster.js";
import type { PlacementPolicy } from "../types.js";
import { enoughFree, fillInOrder } from "./common.js";
import { defaultGpus } from "./node-choice.js";

/**
 * Random. A single-node pod (openb) follows the GPU-sharing study's random-fit: a node drawn
 * uniformly among those that hold it (one draw from the `placement` stream), its default GPUs
 * (a shared GPU: the tightest one). Other jobs: nodes in a random order, filled in turn.
 */
export const random: PlacementPolicy = {
  name: "random",
  description: "Random: a uniformly drawn node that holds the pod (seeded stream 'placement'); gangs fill nodes in a random order.",
  place(job, cluster, rng) {
    if (!enoughFree(job, cluster)) return null;
    if (job.singleNode === true) {
      const fits: { node: number; gpus: number[] }[] = [];
      for (const node of cluster.nodes) {
        const gpus = defaultGpus(node, job, cluster);
        if (gpus !== null) fits.push({ node: node.index, gpus });
      }
      if (fits.length === 0) return null;
      const pick = fits[Math.floor(rng.next() * fits.length)] as { node: number; gpus: number[] };
      return job.gpus === 0 ? { gpus: [], node: pick.node } : { gpus: pick.gpus };
    }
    const nodes: NodeInfo[] = [...cluster.nodes];
    for (let i = nodes.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = nodes[i] as NodeInfo;
      nodes[i] = nodes[j] as NodeInfo;
      nodes[j] = t;
    }
    return fillInOrder(nodes, job, cluster);
  },
};
