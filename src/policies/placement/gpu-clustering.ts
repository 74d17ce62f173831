import type { ClusterView } from "../../model/cluster.js";
import { isFractional } from "../../model/resources.js";
import type { JobView, PlacementPolicy } from "../types.js";
import { type ClassBest, classBestOf } from "./class-best.js";
import { enoughFree } from "./common.js";
import { maxSpecOf, placeOnHighestScore } from "./node-choice.js";

/** The GPU-request class of a pod, as the study's clustering groups them: `share`, `1-gpu`, `2-gpu`, ... */
export function affinityTag(job: JobView): string | undefined {
  if (job.gpus === 0) return undefined;
  return isFractional(job) ? "share" : `${job.gpus}-gpu`;
}

/** Per cluster: the GPU pods this policy placed on each node, counted per tag (a node forgets them when idle). */
interface Tags {
  /** Tag -> small id. */
  readonly ids: Map<string, number>;
  /** Per tag id: pods of that tag on each node. */
  readonly counts: Int32Array[];
  /** Distinct tags on each node. */
  readonly distinct: Int32Array;
}

const placedTags = new WeakMap<ClusterView, Tags>();
const caches = new WeakMap<ClusterView, ClassBest>();

function tagsOf(cluster: ClusterView): Tags {
  let tags = placedTags.get(cluster);
  if (tags === undefined) {
    tags = { ids: new Map(), counts: [], distinct: new Int32Array(cluster.nodes.length) };
    placedTags.set(cluster, tags);
  }
  return tags;
}

function tagId(tags: Tags, tag: string, nodes: number): number {
  let id = tags.ids.get(tag);
  if (id === undefined) {
    id = tags.ids.size;
    tags.ids.set(tag, id);
    tags.counts.push(new Int32Array(nodes));
  }
  return id;
}

function forget(tags: Tags, node: number): void {
  if (tags.distinct[node] === 0) return;
  for (const counts of tags.counts) counts[node] = 0;
  tags.distinct[node] = 0;
}

/**
 * GPU clustering (the GPU-sharing study's baseline, plugin/gpu_clustering_score.go): pods with the
 * same GPU request are kept together. Integer scores in tiers, best first: a node holding only pods
 * of the pod's class (75+); a node holding that class among others (50+); a node without GPU pods
 * (25+); a node holding other classes only (0+); within a tier trunc(25 (maxGPU - free GPU) /
 * maxGPU) packs. Equal scores (and CPU-only pods, scored 0 everywhere) go to the lowest node index.
 * The policy remembers the classes it placed per node and forgets a node's when all its GPUs are
 * free again (exact in the fill experiment; under departures a partly drained node keeps the
 * classes it had: an approximation, since a policy does not see departures).
 */
export const gpuClustering: PlacementPolicy = {
  name: "gpu-clustering",
  description: "GPU clustering: pods with the same GPU request share nodes; then idle nodes; packing within a tier (FGD study baseline).",
  place(job, cluster) {
    if (!enoughFree(job, cluster)) return null;
    const tag = affinityTag(job);
    const tags = tagsOf(cluster);
    const id = tag === undefined ? -1 : tagId(tags, tag, cluster.nodes.length);
    const counts = id < 0 ? undefined : tags.counts[id];
    const maxGpu = maxSpecOf(cluster).gpuMilli;
    const placement = placeOnHighestScore(job, cluster, classBestOf(caches, cluster), (node, table) => {
      if (counts === undefined) return 0;
      const i = node.index;
      if (table.fullyFree[i] === node.gpuCount) forget(tags, i);
      const distinct = tags.distinct[i] as number;
      const tier = (counts[i] as number) > 0 ? (distinct === 1 ? 75 : 50) : distinct === 0 ? 25 : 0;
      return Math.trunc((25 * (maxGpu - (table.totalFree[i] as number))) / maxGpu) + tier;
    });
    if (counts !== undefined && placement !== null) {
      for (const i of new Set(placement.gpus.map((g) => cluster.nodeOfGpu(g)))) {
        const node = cluster.nodes[i];
        if (node !== undefined && cluster.freeGpusOnNode(i) === node.gpuCount) forget(tags, i);
        if (counts[i] === 0) tags.distinct[i] = (tags.distinct[i] as number) + 1;
        counts[i] = (counts[i] as number) + 1;
      }
    }
    return placement;
  },
};
