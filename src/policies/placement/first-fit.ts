import type { PlacementPolicy } from "../types.js";
import { enoughFree, fillInOrder } from "./common.js";

/** Lowest-numbered nodes first. */
export const firstFit: PlacementPolicy = {
  name: "first-fit",
  description: "Take free GPUs (or GPU shares) from the lowest-numbered nodes first.",
  place: (job, cluster) => (enoughFree(job, cluster) ? fillInOrder(cluster.nodes, job, cluster) : null),
};
