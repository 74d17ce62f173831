import type { ChartDefinition } from "./chart-definition.js";
import { timeseriesChartSpec } from "./timeseries-chart.js";

/** Jobs waiting in the queue and jobs running over simulated time. */
export const queueLengthChart: ChartDefinition = {
  name: "queue-length",
  caption: "Jobs waiting in the scheduler's queue and jobs running, sampled over simulated time.",
  build: (data) =>
    timeseriesChartSpec(data, {
      title: "Queue length and running jobs (jobs)",
      yTitle: "jobs",
      columns: [
        { column: "queuedJobs", label: "queued" },
        { column: "runningJobs", label: "running" },
      ],
    }),
};
