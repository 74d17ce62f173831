import type { AutoscalerPolicy } from "./autoscaler-types.js";

/** Proportional scaling on the busy fraction, as Kubernetes' HPA does on CPU utilization. */
export const targetUtilization: AutoscalerPolicy = {
  name: "target-utilization",
  description: "Target utilization (HPA-style): desired = ceil(ready replicas × busy fraction / target).",
  desiredReplicas: (view) => {
    // No replica to measure: one as soon as there is demand.
    if (view.readyReplicas === 0) return view.queuedRequests > 0 || view.arrivalRatePerS > 0 ? Math.max(1, view.provisioningReplicas) : 0;
    return Math.ceil((view.readyReplicas * view.busyFraction) / view.targetUtilization - 1e-9);
  },
};
