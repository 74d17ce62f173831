import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import type { RandomStream } from "../../engine/rng.js";
import { isFractional } from "../../model/resources.js";
import type { JobView, Placement, PlacementPolicy } from "../types.js";
import { enoughFree, fillInOrder, usableGpus } from "./common.js";
import { indexable, takeFreeGpus } from "./indexed.js";
import { tableGpus } from "./node-choice.js";
import { nodeTableOf } from "./node-table.js";

/**
 * A gang on the index: the nodes with free GPUs of an allowed model (found in O(log N) each), drawn
 * without replacement in a uniformly random order until the gang is complete: the same distribution
 * as shuffling every node and filling in order, with one draw per node used instead of one per node.
 */
function indexedGang(job: JobView, cluster: ClusterView, rng: RandomStream): Placement | null {
  const eligible: number[] = [];
  for (let n = cluster.nextNodeWithFree(job, 1, 0); n >= 0; n = cluster.nextNodeWithFree(job, 1, n + 1)) eligible.push(n);
  const gpus: number[] = [];
  let need = job.gpus;
  for (let i = 0; i < eligible.length && need > 0; i++) {
    const j = i + Math.floor(rng.next() * (eligible.length - i));
    const node = eligible[j] as number;
    eligible[j] = eligible[i] as number;
    eligible[i] = node;
    const take = Math.min(need, cluster.freeGpusOnNode(node));
    takeFreeGpus(cluster.nodes[node] as NodeInfo, take, cluster, gpus);
    need -= take;
  }
  return need === 0 ? { gpus } : null;
}

/**
 * Random. A single-node pod (openb) follows the GPU-sharing study's random-fit: a node drawn
 * uniformly among those that hold it, and for a shared GPU, a GPU drawn uniformly among the node's
 * usable ones (the authors' allocateGpuIdBasedOnRandomFit), from the `placement` stream. Other
 * jobs: nodes in a uniformly random order, filled in turn.
 */
export const random: PlacementPolicy = {
  name: "random",
  description: "Random: a uniformly drawn node that holds the pod (seeded stream 'placement'); gangs fill nodes in a random order.",
  place(job, cluster, rng) {
    if (!enoughFree(job, cluster)) return null;
    if (job.singleNode === true) {
      const table = nodeTableOf(cluster);
      const fits: { node: number; gpus: number[] }[] = [];
      for (const node of cluster.nodes) {
        const gpus = tableGpus(table, node, job);
        if (gpus !== null) fits.push({ node: node.index, gpus });
      }
      if (fits.length === 0) return null;
      const pick = fits[Math.floor(rng.next() * fits.length)] as { node: number; gpus: number[] };
      if (job.gpus === 0) return { gpus: [], node: pick.node };
      if (!isFractional(job)) return { gpus: pick.gpus };
      const usable = usableGpus(cluster.nodes[pick.node] as NodeInfo, job, cluster);
      return { gpus: [usable[Math.floor(rng.next() * usable.length)] as number] };
    }
    if (job.gpus > 0 && !isFractional(job) && indexable(job)) return indexedGang(job, cluster, rng);
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
