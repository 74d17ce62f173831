import type { ChartDefinition } from "./chart-definition.js";
import { timeseriesChartSpec } from "./timeseries-chart.js";

/** GPUs allocated (and busy, failed when the run records them) over simulated time, against capacity. */
export const gpuAllocationChart: ChartDefinition = {
  name: "gpu-allocation",
  caption:
    "GPUs held by running jobs over simulated time (busy and failed GPUs too when the run records them); " +
    "the dashed line is the fleet's capacity.",
  build: (data) => {
    const total = data.summary.gpus?.total;
    return timeseriesChartSpec(data, {
      title: "GPU allocation over time (GPUs)",
      yTitle: "GPUs",
      columns: [
        { column: "allocatedGpus", label: "allocated" },
        { column: "busyGpus", label: "busy" },
        { column: "failedGpus", label: "failed" },
      ],
      ...(total === undefined ? {} : { reference: { value: total, label: `capacity (${total})` } }),
    });
  },
};
