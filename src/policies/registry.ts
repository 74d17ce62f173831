import { autoscalerPolicies } from "./autoscaler/registry.js";
import { easy } from "./backfill/easy.js";
import { none } from "./backfill/none.js";
import { bestFit } from "./placement/best-fit.js";
import { dotProduct } from "./placement/dot-product.js";
import { fgd } from "./placement/fgd.js";
import { firstFit } from "./placement/first-fit.js";
import { gpuClustering } from "./placement/gpu-clustering.js";
import { gpuPacking } from "./placement/gpu-packing.js";
import { pack } from "./placement/pack.js";
import { random } from "./placement/random.js";
import { spread } from "./placement/spread.js";
import { topoBestFit } from "./placement/topo-best-fit.js";
import { worstFit } from "./placement/worst-fit.js";
import { fairShare } from "./queue/fair-share.js";
import { fifo } from "./queue/fifo.js";
import { priority } from "./queue/priority.js";
import { quota } from "./queue/quota.js";
import { sjf } from "./queue/sjf.js";
import { routerPolicies } from "./router/registry.js";
import type { BackfillPolicy, PlacementPolicy, QueuePolicy } from "./types.js";

/** Names of the built-in queue policies. */
export type QueuePolicyName = "fifo" | "sjf" | "priority" | "fair-share" | "quota";
/** Names of the built-in placement policies. */
export type PlacementPolicyName = "first-fit" | "best-fit" | "worst-fit" | "random" | "pack" | "spread" | "topo-best-fit" | "fgd" | "dot-product" | "gpu-packing" | "gpu-clustering";
/** Names of the built-in backfill policies. */
export type BackfillPolicyName = "none" | "easy";

/** Built-in queue policies; a missing implementation fails type-checking. */
export const queuePolicies: Record<QueuePolicyName, QueuePolicy> = { fifo, sjf, priority, "fair-share": fairShare, quota };

/** Built-in placement policies. */
export const placementPolicies: Record<PlacementPolicyName, PlacementPolicy> = {
  "first-fit": firstFit,
  "best-fit": bestFit,
  "worst-fit": worstFit,
  random,
  pack,
  spread,
  "topo-best-fit": topoBestFit,
  fgd,
  "dot-product": dotProduct,
  "gpu-packing": gpuPacking,
  "gpu-clustering": gpuClustering,
};

/** Built-in backfill policies. */
export const backfillPolicies: Record<BackfillPolicyName, BackfillPolicy> = { none, easy };

/** The policy families, as scenario fields name them. */
export const policyRegistry = {
  queue: queuePolicies,
  placement: placementPolicies,
  backfill: backfillPolicies,
  router: routerPolicies,
  autoscaler: autoscalerPolicies,
} as const;

/** A policy family name: `queue`, `placement` or `backfill`. */
export type PolicyFamily = keyof typeof policyRegistry;

/** The registered names of a family, in registry order. */
export function policyNames(family: PolicyFamily): string[] {
  return Object.keys(policyRegistry[family]);
}
