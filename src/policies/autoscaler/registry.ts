import type { AutoscalerPolicy } from "./autoscaler-types.js";
import { queueLength } from "./queue-length.js";
import { targetUtilization } from "./target-utilization.js";

/** Names of the built-in autoscaler policies. */
export type AutoscalerPolicyName = "target-utilization" | "queue-length";

/** Built-in autoscaler policies; a missing implementation fails type-checking. */
export const autoscalerPolicies: Record<AutoscalerPolicyName, AutoscalerPolicy> = {
  "target-utilization": targetUtilization,
  "queue-length": queueLength,
};

/** Autoscaler names in registry order. */
export const autoscalerPolicyNames = Object.keys(autoscalerPolicies) as AutoscalerPolicyName[];
