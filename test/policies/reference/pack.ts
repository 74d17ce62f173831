/** The placement policy as it was before the cluster index (commit 58699ed): the brute-force reference of indexed-placement.property.test.ts. */
import { isFractional } from "../../../src/model/resources.js";
import type { PlacementPolicy } from "../../../src/policies/types.js";
import { bestFit } from "./best-fit-reference.js";
import { enoughFree } from "../../../src/policies/placement/common.js";
import { nodesNeeded, rackCapacities, takeFromNodes, tightestSingleNode } from "./topology-groups.js";

/**
 * Pack: the fewest nodes, then the fewest racks. A job that fits one node gets the tightest such
 * node; else the rack that holds it on the fewest nodes; else racks (of one region first) by most
 * free GPUs. Keeps gradient traffic on NVLink and inside leaf switches.
 */
export const pack: PlacementPolicy = {
  name: "pack",
  description: "Topology packing: fewest nodes, then fewest racks (keeps collectives on NVLink and under one leaf).",
  place(job, cluster, rng) {
    if (!enoughFree(job, cluster)) return null;
    if (job.gpus <= 1 || isFractional(job)) return bestFit.place(job, cluster, rng);
    const racks = rackCapacities(job, cluster);
    const single = tightestSingleNode(racks, job, cluster);
    if (single !== null) return { gpus: single };
    const inOneRack = racks
      .filter((r) => r.capacity >= job.gpus)
      .sort((a, b) => nodesNeeded(a, job.gpus) - nodesNeeded(b, job.gpus) || a.capacity - b.capacity || a.rackIndex - b.rackIndex)[0];
    if (inOneRack !== undefined) return { gpus: takeFromNodes(inOneRack.nodes, job.gpus, job, cluster) ?? [] };
    // Several racks: prefer the region with the most capacity, its fullest racks first.
    const byRegion = new Map<number, number>();
    for (const r of racks) byRegion.set(r.regionIndex, (byRegion.get(r.regionIndex) ?? 0) + r.capacity);
    const ordered = [...racks].sort(
      (a, b) => (byRegion.get(b.regionIndex) as number) - (byRegion.get(a.regionIndex) as number) || a.regionIndex - b.regionIndex || b.capacity - a.capacity || a.rackIndex - b.rackIndex,
    );
    const gpus = takeFromNodes(ordered.flatMap((r) => r.nodes), job.gpus, job, cluster);
    return gpus === null ? null : { gpus };
  },
};
