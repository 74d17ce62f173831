import type { NodeInfo } from "../../model/cluster.js";
import type { PlacementPolicy } from "../types.js";
import { enoughFree, fillInOrder } from "./common.js";

/** Random: nodes in a random order (from the `placement` RNG stream), filled in turn. */
export const random: PlacementPolicy = {
  name: "random",
  description: "Random: visit nodes in a random order (seeded stream 'placement') and fill them in turn.",
  place(job, cluster, rng) {
    if (!enoughFree(job, cluster)) return null;
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
