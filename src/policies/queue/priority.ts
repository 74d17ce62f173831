import type { QueuePolicy } from "../types.js";

/** Highest priority first; FIFO within a priority. */
export const priority: QueuePolicy = {
  name: "priority",
  description: "Highest job priority first; submission order within a priority.",
  compare: (a, b) => b.priority - a.priority || a.submitS - b.submitS,
};
