import type { ChartDefinition } from "./chart-definition.js";
import { jobLatencyCdf } from "./job-latency-cdf.js";

/** CDF of job completion times (submit to end), overall and per workload. */
export const jctCdfChart: ChartDefinition = {
  name: "jct-cdf",
  caption:
    "Cumulative distribution of job completion time (JCT), from submission to end, wait included: " +
    "the dark line is all jobs, the coloured lines one workload each.",
  build: (data) => jobLatencyCdf(data, "jctS", "Job completion time (CDF)", "job completion time"),
};
