import { tenantFigures } from "../tenants-data.js";
import type { ChartDefinition } from "./chart-definition.js";
import { BAR_STEP_PX, CHART_WIDTH_PX, chartFrame, formatCount } from "./theme.js";

/** GPU-hours held per tenant, stacked by workload, with the share of the fleet's GPU-hours. */
export const tenantGpuHoursChart: ChartDefinition = {
  name: "tenant-gpu-hours",
  caption:
    "GPU-hours each tenant held over the run, split by workload. With declared tenants: from summary.json's tenants block (jobs and inference replicas, time-weighted, " +
    "fractional GPUs by their share), so the total's share of the fleet equals the gpus block's allocated fraction; without: from jobs.csv (GPUs × start to end).",
  build: (data) => {
    const tenants = tenantFigures(data);
    // Declared tenants are counted as the gpus block counts: preempted jobs hold nothing while requeued, replicas count.
    const values =
      tenants === null
        ? (data.jobs?.usage ?? []).map((u) => ({ tenant: u.tenant, workload: u.workload, gpuHours: u.gpuHours }))
        : tenants.flatMap((t) => Object.entries(t.gpuHoursByWorkload ?? { "(all)": t.gpuHours }).map(([workload, gpuHours]) => ({ tenant: t.name, workload, gpuHours })));
    const shown = values.filter((u) => u.gpuHours > 0).map((u) => ({ ...u, gpuHours: Number(u.gpuHours.toPrecision(6)) }));
    if (shown.length === 0) return null;
    const totalHours = shown.reduce((sum, u) => sum + u.gpuHours, 0);
    const capacityHours = ((data.summary.gpus?.total ?? 0) * data.summary.simulatedS) / 3600;
    const share = capacityHours > 0 ? ` of ${formatHours(capacityHours)} available (${((100 * totalHours) / capacityHours).toFixed(1)} %)` : "";
    const workloads = [...new Set(shown.map((u) => u.workload))];
    const source = tenants === null ? "from jobs.csv (no tenants declared)" : "jobs and replicas, as summary.json counts them";
    return {
      ...chartFrame("GPU-hours per tenant (GPU·h)", [`${formatHours(totalHours)} GPU-hours held${share}; ${source}`]),
      width: CHART_WIDTH_PX,
      height: { step: BAR_STEP_PX + 6 },
      data: { values: shown },
      mark: { type: "bar" },
      encoding: {
        y: { field: "tenant", type: "nominal", title: "tenant", sort: [...new Set(shown.map((u) => u.tenant))] },
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
