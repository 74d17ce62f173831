import type { QueuePolicy } from "../types.js";

/** Shortest expected job first (by the estimate the scheduler knows). */
export const sjf: QueuePolicy = {
  name: "sjf",
  description: "Shortest job first: the smallest expected duration (estimateS) starts first; ties in submission order.",
  compare: (a, b) => a.estimateS - b.estimateS,
};
