import type { ChartDefinition } from "./chart-definition.js";
import { jobLatencyCdf } from "./job-latency-cdf.js";

/** CDF of job wait times (submit to start), overall and per workload. */
export const waitCdfChart: ChartDefinition = {
  name: "wait-cdf",
  caption:
    "Cumulative distribution of the time completed jobs waited in the queue, from submission to start: " +
    "the dark line is all jobs, the coloured lines one workload each. A line further left is better.",
  build: (data) => jobLatencyCdf(data, "waitS", "Job wait time (CDF)", "wait time"),
};
