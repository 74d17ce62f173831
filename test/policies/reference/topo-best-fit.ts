/** The placement policy as it was before the cluster index (commit 58699ed): the brute-force reference of indexed-placement.property.test.ts. */
import { isFractional } from "../../../src/model/resources.js";
import type { PlacementPolicy } from "../../../src/policies/types.js";
import { bestFit } from "./best-fit-reference.js";
import { enoughFree } from "../../../src/policies/placement/common.js";
import { rackCapacities, takeFromNodes, tightestSingleNode } from "./topology-groups.js";

/**
 * Topology-aware best fit: place the job at the highest-bandwidth tier it can reach now (one node:
 * NVLink; one rack: the leaf switch; one region: the spine; else the WAN), so its collective
 * bottleneck loses as little bandwidth as possible, and within that tier take the tightest fit
 * (the fullest node or rack that still holds it), keeping large empty blocks for large jobs.
 */
export const topoBestFit: PlacementPolicy = {
  name: "topo-best-fit",
  description: "Topology-aware best fit: the highest-bandwidth tier the job fits in (node > rack > region), tightest fit within it.",
  place(job, cluster, rng) {
    if (!enoughFree(job, cluster)) return null;
    if (job.gpus <= 1 || isFractional(job)) return bestFit.place(job, cluster, rng);
    const racks = rackCapacities(job, cluster);
    const single = tightestSingleNode(racks, job, cluster);
    if (single !== null) return { gpus: single };
    // Tightest rack that holds the job; inside it, fullest-fitting nodes first so few nodes are split.
    const rack = racks.filter((r) => r.capacity >= job.gpus).sort((a, b) => a.capacity - b.capacity || a.rackIndex - b.rackIndex)[0];
    if (rack !== undefined) return { gpus: takeFromNodes(rack.nodes, job.gpus, job, cluster) ?? [] };
    // Tightest region that holds it, its racks tightest-first that together hold it.
    const regions = new Map<number, typeof racks>();
    for (const r of racks) regions.set(r.regionIndex, [...(regions.get(r.regionIndex) ?? []), r]);
    const capacityOf = (rs: typeof racks) => rs.reduce((n, r) => n + r.capacity, 0);
    const region = [...regions.values()].filter((rs) => capacityOf(rs) >= job.gpus).sort((a, b) => capacityOf(a) - capacityOf(b))[0];
    const pool = region ?? racks;
    const ordered = [...pool].sort((a, b) => b.capacity - a.capacity || a.rackIndex - b.rackIndex);
    const gpus = takeFromNodes(ordered.flatMap((r) => r.nodes), job.gpus, job, cluster);
    return gpus === null ? null : { gpus };
  },
};
