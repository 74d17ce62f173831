import type { ChartDefinition } from "./chart-definition.js";
import { requestLatencyCdf } from "./request-latency-cdf.js";

/** CDF of time per output token, overall and per inference service. */
export const tpotCdfChart: ChartDefinition = {
  name: "tpot-cdf",
  caption:
    "Cumulative distribution of time per output token (TPOT, after the first) of completed requests with more than one output token: " +
    "the dark line is all requests, the coloured lines one service each; dashed lines are the services' TPOT SLO targets.",
  build: (data) => requestLatencyCdf(data, "tpotS", "Time per output token (CDF)", "time per output token"),
};
