import type { ChartDefinition } from "./chart-definition.js";
import { requestLatencyCdf } from "./request-latency-cdf.js";

/** CDF of time to first token, overall and per inference service. */
export const ttftCdfChart: ChartDefinition = {
  name: "ttft-cdf",
  caption:
    "Cumulative distribution of time to first token (TTFT) of completed requests, queueing, prefill and WAN latency included: " +
    "the dark line is all requests, the coloured lines one service each; dashed lines are the services' TTFT SLO targets. A line further left is better.",
  build: (data) => requestLatencyCdf(data, "ttftS", "Time to first token (CDF)", "time to first token"),
};
