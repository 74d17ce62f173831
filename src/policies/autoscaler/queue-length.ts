import type { AutoscalerPolicy } from "./autoscaler-types.js";

/** Scale on concurrency: enough replicas that each holds about `targetOutstanding` requests. */
export const queueLength: AutoscalerPolicy = {
  name: "queue-length",
  description: "Queue-based (KEDA/Knative concurrency): desired = ceil(mean outstanding requests / targetOutstanding).",
  desiredReplicas: (view) => Math.ceil(Math.max(view.meanOutstandingRequests, view.queuedRequests) / view.targetOutstanding - 1e-9),
};
