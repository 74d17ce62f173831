import type { QueuePolicy } from "../types.js";

/** First in, first out: submission order. */
export const fifo: QueuePolicy = {
  name: "fifo",
  description: "First in, first out: jobs start in submission order.",
  compare: (a, b) => a.submitS - b.submitS,
};
