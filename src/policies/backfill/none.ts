import type { BackfillPolicy } from "../types.js";

/** No backfilling: a blocked head blocks everyone behind it. */
export const none: BackfillPolicy = {
  name: "none",
  description: "No backfilling: when the head of the queue cannot start, nobody behind it starts.",
  select: () => [],
};
