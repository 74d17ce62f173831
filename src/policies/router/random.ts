import type { RouterPolicy } from "./router-types.js";

/** A replica drawn uniformly at random. */
export const randomRouter: RouterPolicy = {
  name: "random",
  description: "Random: a replica drawn uniformly at random.",
  route: (_request, replicas, rng) => Math.min(replicas.length - 1, Math.floor(rng.next() * replicas.length)),
};
