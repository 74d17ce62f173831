import type { RouterPolicy } from "./router-types.js";

/** Cycles through the replicas in order; by the request's arrival number (stateless). */
export const roundRobin: RouterPolicy = {
  name: "round-robin",
  description: "Round robin: request i goes to replica i mod n (i = arrival number within the service).",
  route: (request, replicas) => request.sequence % replicas.length,
};
