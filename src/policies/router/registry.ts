import { leastKv } from "./least-kv.js";
import { leastOutstanding } from "./least-outstanding.js";
import { powerOfTwo } from "./power-of-two.js";
import { randomRouter } from "./random.js";
import { regionAware } from "./region-aware.js";
import { roundRobin } from "./round-robin.js";
import type { RouterPolicy } from "./router-types.js";

/** Names of the built-in router policies. */
export type RouterPolicyName = "round-robin" | "random" | "least-outstanding" | "power-of-two" | "least-kv" | "region-aware";

/** Built-in router policies; a missing implementation fails type-checking. */
export const routerPolicies: Record<RouterPolicyName, RouterPolicy> = {
  "round-robin": roundRobin,
  random: randomRouter,
  "least-outstanding": leastOutstanding,
  "power-of-two": powerOfTwo,
  "least-kv": leastKv,
  "region-aware": regionAware,
};

/** Router names in registry order. */
export const routerPolicyNames = Object.keys(routerPolicies) as RouterPolicyName[];
