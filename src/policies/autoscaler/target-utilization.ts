import type { AutoscalerPolicy } from "./autoscaler-types.js";

/** Proportional scaling on compute utilization, as Kubernetes' HPA does on CPU utilization. */
export const targetUtilization: AutoscalerPolicy = {
  name: "target-utilization",
  description: "Target utilization (HPA-style): desired = ceil(ready replicas × compute utilization / target).",
  desiredReplicas: (view) => {
    // No replica to measure: one as soon as there is demand.
    if (view.readyReplicas === 0) return view.queuedRequests > 0 || view.arrivalRatePerS > 0 ? Math.max(1, view.provisioningReplicas) : 0;
    return Math.ceil((view.readyReplicas * view.utilization) / view.targetUtilization - 1e-9);
  },
};
