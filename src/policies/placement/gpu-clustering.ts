import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import { isFractional } from "../../model/resources.js";
import type { JobView, PlacementPolicy } from "../types.js";
import { enoughFree } from "./common.js";
import { nodeFreeGpuMilli, placeOnBestNode } from "./node-choice.js";

const TIER = 1e7;

/** The GPU-request class of a pod, as the study's clustering groups them: `share`, `1-gpu`, `2-gpu`, ... */
export function affinityTag(job: JobView): string | undefined {
  if (job.gpus === 0) return undefined;
  return isFractional(job) ? "share" : `${job.gpus}-gpu`;
}

/** Per cluster: the tags of the GPU pods this policy placed on each node (a node forgets them when idle). */
const placedTags = new WeakMap<ClusterView, Map<number, Map<string, number>>>();

function tagsOf(cluster: ClusterView, node: NodeInfo): Map<string, number> {
  let byNode = placedTags.get(cluster);
  if (byNode === undefined) {
    byNode = new Map();
    placedTags.set(cluster, byNode);
  }
  let tags = byNode.get(node.index);
  if (tags === undefined || cluster.freeGpusOnNode(node.index) === node.gpuCount) {
    tags = new Map();
    byNode.set(node.index, tags);
  }
  return tags;
}

/**
 * GPU clustering (the GPU-sharing study's baseline): pods with the same GPU request are kept
 * together. Tiers, best first: a node holding only pods of the pod's class; a node holding that
 * class among others; an idle node; a node holding other classes only. Within a tier, the node
 * with the least free GPU share (packing); ties and CPU-only pods at random. The policy remembers
 * the classes it placed per node and forgets a node's when all its GPUs are free again (so under
 * departures a partly drained node keeps the classes it had: an approximation).
 */
export const gpuClustering: PlacementPolicy = {
  name: "gpu-clustering",
  description: "GPU clustering: pods with the same GPU request share nodes; then idle nodes; packing within a tier (FGD study baseline).",
  place(job, cluster, rng) {
    if (!enoughFree(job, cluster)) return null;
    const tag = affinityTag(job);
    const placement = placeOnBestNode(job, cluster, rng, (node) => {
      if (tag === undefined) return 0;
      const tags = tagsOf(cluster, node);
      const tier = tags.has(tag) ? (tags.size === 1 ? 0 : 1) : tags.size === 0 ? 2 : 3;
      return tier * TIER + nodeFreeGpuMilli(node, cluster);
    });
    if (tag !== undefined && placement !== null) {
      const nodes = new Set(placement.gpus.map((g) => cluster.nodeOfGpu(g)));
      for (const index of nodes) {
        const tags = tagsOf(cluster, cluster.nodes[index] as NodeInfo);
        tags.set(tag, (tags.get(tag) ?? 0) + 1);
      }
    }
    return placement;
  },
};
