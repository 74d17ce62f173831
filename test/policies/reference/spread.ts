/** The placement policy as it was before the cluster index (commit 58699ed): the brute-force reference of indexed-placement.property.test.ts. */
import { isFractional } from "../../../src/model/resources.js";
import type { PlacementPolicy } from "../../../src/policies/types.js";
import { enoughFree, usableGpus } from "../../../src/policies/placement/common.js";
import { rackCapacities } from "./topology-groups.js";
import { worstFit } from "./worst-fit-reference.js";

/**
 * Spread: GPUs round-robin over racks (the rack with the most capacity left first), and within a
 * rack over nodes. The opposite of pack: limits what one rack or node failure takes from a job,
 * at the price of collectives crossing the spine.
 */
export const spread: PlacementPolicy = {
  name: "spread",
  description: "Topology spreading: GPUs round-robin over racks, then nodes (failure isolation; collectives cross the spine).",
  place(job, cluster, rng) {
    if (!enoughFree(job, cluster)) return null;
    if (job.gpus <= 1 || isFractional(job)) return worstFit.place(job, cluster, rng);
    const racks = rackCapacities(job, cluster).map((r) => ({
      rack: r.rackIndex,
      left: r.capacity,
      nodes: r.nodes.map((n) => ({ free: usableGpus(n.node, job, cluster).slice(0, n.capacity) })),
    }));
    const chosen: number[] = [];
    while (chosen.length < job.gpus) {
      let best: (typeof racks)[number] | undefined;
      for (const r of racks) if (r.left > 0 && (best === undefined || r.left > best.left)) best = r;
      if (best === undefined) return null;
      let node: { free: number[] } | undefined;
      for (const n of best.nodes) if (n.free.length > 0 && (node === undefined || n.free.length > node.free.length)) node = n;
      if (node === undefined) return null;
      chosen.push(node.free.shift() as number);
      best.left--;
    }
    return { gpus: chosen };
  },
};

