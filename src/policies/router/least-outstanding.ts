import { argMin, type RouterPolicy } from "./router-types.js";

/** Join the shortest queue: the replica with the fewest queued + running requests. */
export const leastOutstanding: RouterPolicy = {
  name: "least-outstanding",
  description: "Join the shortest queue (JSQ): the replica with the fewest outstanding (queued + running) requests.",
  route: (_request, replicas) => argMin(replicas, (r) => r.outstandingRequests),
};
