import { argMin, type RouterPolicy } from "./router-types.js";

/**
 * The replica whose KV cache will be least full: blocks in use plus the prompts already waiting
 * there (counting only blocks in use would send a burst of arrivals between two iterations to the
 * same replica). Ties: fewest outstanding requests.
 */
export const leastKv: RouterPolicy = {
  name: "least-kv",
  description: "Least KV-cache demand: the replica with the lowest fraction of KV blocks in use or claimed by waiting prompts.",
  route: (_request, replicas) => argMin(replicas, (r) => r.kvDemand + r.outstandingRequests * 1e-9),
};
