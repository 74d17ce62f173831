import type { ChartDefinition } from "./chart-definition.js";
import { BAR_STEP_PX, CHART_WIDTH_PX, chartFrame, formatCount } from "./theme.js";

/** GPU-hours held per tenant, stacked by workload, with the share of the fleet's GPU-hours. */
export const tenantGpuHoursChart: ChartDefinition = {
  name: "tenant-gpu-hours",
  caption:
    "GPU-hours each tenant's jobs held (GPUs × hours from start to end; jobs still running count up to the end of the run), split by workload.",
  build: (data) => {
    const usage = data.jobs?.usage;
    if (usage === null || usage === undefined) return null;
    const values = usage.filter((u) => u.gpuHours > 0).map((u) => ({ ...u, gpuHours: Number(u.gpuHours.toPrecision(6)) }));
    if (values.length === 0) return null;
    const totalHours = values.reduce((sum, u) => sum + u.gpuHours, 0);
    const capacityHours = ((data.summary.gpus?.total ?? 0) * data.summary.simulatedS) / 3600;
    const share = capacityHours > 0 ? ` of ${formatHours(capacityHours)} available (${((100 * totalHours) / capacityHours).toFixed(1)} %)` : "";
    const tenants = [...new Set(values.map((u) => u.tenant))];
    const workloads = [...new Set(values.map((u) => u.workload))];
    return {
      ...chartFrame("GPU-hours per tenant (GPU·h)", [`${formatHours(totalHours)} GPU-hours held${share}`]),
      width: CHART_WIDTH_PX,
      height: { step: BAR_STEP_PX + 6 },
      data: { values },
      mark: { type: "bar" },
      encoding: {
        y: { field: "tenant", type: "nominal", title: "tenant", sort: tenants },
        x: { field: "gpuHours", type: "quantitative", title: "GPU-hours", aggregate: "sum" },
        color: { field: "workload", type: "nominal", title: "workload", scale: { domain: workloads }, legend: { orient: "top" } },
        tooltip: [{ field: "tenant" }, { field: "workload" }, { field: "gpuHours", aggregate: "sum", format: ",.1f", title: "GPU-hours" }],
      },
    };
  },
};

function formatHours(hours: number): string {
  return hours >= 100 ? formatCount(hours) : hours.toPrecision(3);
}
