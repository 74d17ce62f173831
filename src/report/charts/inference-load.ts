import type { ChartDefinition } from "./chart-definition.js";
import { timeseriesChartSpec } from "./timeseries-chart.js";

/** Inference replicas serving over time (autoscaling, lost replicas). */
export const inferenceReplicasChart: ChartDefinition = {
  name: "inference-replicas",
  caption: "Inference replicas serving, all services together, sampled over simulated time: the autoscaler's decisions and replicas lost to failures show here.",
  build: (data) =>
    timeseriesChartSpec(data, {
      title: "Inference replicas over time (replicas)",
      yTitle: "replicas",
      columns: [{ column: "replicas", label: "replicas serving" }],
    }),
};

/** Requests waiting for a replica and requests in a batch, over time. */
export const requestQueueChart: ChartDefinition = {
  name: "request-queue",
  caption: "Requests waiting to be admitted to a batch (queued) and requests being served (running), all services together, sampled over simulated time.",
  build: (data) =>
    timeseriesChartSpec(data, {
      title: "Request queue and running requests (requests)",
      yTitle: "requests",
      columns: [
        { column: "queuedRequests", label: "queued" },
        { column: "runningRequests", label: "running" },
      ],
    }),
};

/** KV-cache use over time. */
export const kvUtilizationChart: ChartDefinition = {
  name: "kv-utilization",
  caption: "Fraction of the KV-cache blocks in use over the ready replicas, sampled over simulated time: near 1, batches are capped by memory and requests are preempted.",
  build: (data) =>
    timeseriesChartSpec(data, {
      title: "KV-cache utilization over time (fraction of blocks)",
      yTitle: "KV blocks in use",
      columns: [{ column: "kvUtil", label: "KV cache in use" }],
    }),
};
