import type { RouterPolicy } from "./router-types.js";

/** Power of two choices: two replicas at random, the less loaded wins. */
export const powerOfTwo: RouterPolicy = {
  name: "power-of-two",
  description: "Power of two choices: sample two replicas at random and take the one with fewer outstanding requests.",
  route: (_request, replicas, rng) => {
    const n = replicas.length;
    const a = Math.min(n - 1, Math.floor(rng.next() * n));
    if (n === 1) return a;
    // The second pick is drawn from the other n - 1 replicas, so the two are distinct.
    const b = (a + 1 + Math.min(n - 2, Math.floor(rng.next() * (n - 1)))) % n;
    const ra = replicas[a];
    const rb = replicas[b];
    if (ra === undefined || rb === undefined) return a;
    return rb.outstandingRequests < ra.outstandingRequests ? b : a;
  },
};
