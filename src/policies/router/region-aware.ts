import type { ReplicaView, RouterPolicy } from "./router-types.js";

/**
 * The nearest region with capacity: among replicas whose outstanding requests are below their
 * batch size, the lowest latency from the request's origin wins, then the fewest outstanding.
 * When every replica is full, the least loaded nearest replica takes it.
 */
export const regionAware: RouterPolicy = {
  name: "region-aware",
  description: "Region-aware: the nearest region (WAN latency) with a replica below its batch size; least outstanding within it.",
  route: (request, replicas) => {
    let best = -1;
    let bestLatency = Number.POSITIVE_INFINITY;
    let bestLoad = Number.POSITIVE_INFINITY;
    let fallback = -1;
    let fallbackKey = Number.POSITIVE_INFINITY;
    for (let i = 0; i < replicas.length; i++) {
      const r = replicas[i] as ReplicaView;
      const latencyS = request.latencyToS(r.region);
      const load = r.outstandingRequests;
      if (load < r.maxBatchSize && (latencyS < bestLatency || (latencyS === bestLatency && load < bestLoad))) {
        best = i;
        bestLatency = latencyS;
        bestLoad = load;
      }
      // Full everywhere: relative overload plus latency (in batch-size units of a second).
      const key = load / r.maxBatchSize + latencyS;
      if (key < fallbackKey) {
        fallbackKey = key;
        fallback = i;
      }
    }
    return best >= 0 ? best : fallback;
  },
};
