import type { ChartDefinition } from "./chart-definition.js";
import { requestLatencyCdf } from "./request-latency-cdf.js";

/** CDF of end-to-end request latency, overall and per inference service. */
export const e2eCdfChart: ChartDefinition = {
  name: "e2e-cdf",
  caption:
    "Cumulative distribution of end-to-end latency (arrival to last token) of completed requests: the dark line is all requests, " +
    "the coloured lines one service each; dashed lines are end-to-end SLO targets where the scenario sets them.",
  build: (data) => requestLatencyCdf(data, "e2eS", "End-to-end request latency (CDF)", "end-to-end latency"),
};
