import { argMin, type RouterPolicy } from "./router-types.js";

/** The replica whose KV cache is least full (ties: fewest outstanding requests). */
export const leastKv: RouterPolicy = {
  name: "least-kv",
  description: "Least KV-cache usage: the replica with the lowest fraction of KV blocks in use (ties: fewest outstanding).",
  route: (_request, replicas) => argMin(replicas, (r) => r.kvUtilization + r.outstandingRequests * 1e-9),
};
