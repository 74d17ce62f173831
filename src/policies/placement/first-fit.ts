import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import { isFractional } from "../../model/resources.js";
import type { JobView, Placement, PlacementPolicy } from "../types.js";
import { enoughFree, fillInOrder } from "./common.js";
import { firstGpuWithShare, indexable, takeFreeGpus } from "./indexed.js";

/** First fit on the index: the lowest-numbered nodes with free GPUs (or a GPU with the share), O(log N) per node used. */
function indexedFirstFit(job: JobView, cluster: ClusterView): Placement | null {
  if (isFractional(job)) {
    const node = cluster.nextNodeWithShare(job, job.gpuMilli, 0);
    return node < 0 ? null : { gpus: [firstGpuWithShare(cluster.nodes[node] as NodeInfo, job.gpuMilli, cluster)] };
  }
  if (job.singleNode === true) {
    const node = cluster.nextNodeWithFree(job, job.gpus, 0);
    if (node < 0) return null;
    const gpus: number[] = [];
    takeFreeGpus(cluster.nodes[node] as NodeInfo, job.gpus, cluster, gpus);
    return { gpus };
  }
  const gpus: number[] = [];
  let need = job.gpus;
  for (let node = cluster.nextNodeWithFree(job, 1, 0); node >= 0 && need > 0; node = cluster.nextNodeWithFree(job, 1, node + 1)) {
    const take = Math.min(need, cluster.freeGpusOnNode(node));
    takeFreeGpus(cluster.nodes[node] as NodeInfo, take, cluster, gpus);
    need -= take;
  }
  return need === 0 ? { gpus } : null;
}

/** Lowest-numbered nodes first. Jobs without host CPU or memory needs are placed on the index; others by a scan. */
export const firstFit: PlacementPolicy = {
  name: "first-fit",
  description: "Take free GPUs (or GPU shares) from the lowest-numbered nodes first.",
  place(job, cluster) {
    if (!enoughFree(job, cluster)) return null;
    if (job.gpus > 0 && indexable(job)) return indexedFirstFit(job, cluster);
    return fillInOrder(cluster.nodes, job, cluster);
  },
};
