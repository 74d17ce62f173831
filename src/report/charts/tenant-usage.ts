import { tenantFigures, tenantGpusColumn } from "../tenants-data.js";
import type { ChartDefinition } from "./chart-definition.js";
import { CATEGORY_COLORS, CHART_HEIGHT_PX, CHART_WIDTH_PX, chartFrame, durationUnitFor, formatCount } from "./theme.js";

/** GPUs each tenant holds over simulated time, with its quota as a dashed line in the same colour. */
export const tenantUsageChart: ChartDefinition = {
  name: "tenant-usage",
  caption:
    "GPUs each tenant held over simulated time (jobs and inference replicas; the lines add up to the allocated GPUs); " +
    "the dashed line in a tenant's colour is its quota: above it the tenant borrows idle GPUs.",
  build: (data) => {
    const ts = data.timeseries;
    const tenants = tenantFigures(data)?.filter((t) => ts?.values.has(tenantGpusColumn(t.name)));
    if (ts === null || ts.timeS.length === 0 || tenants === undefined || tenants.length === 0) return null;
    const spanS = Math.max(data.summary.simulatedS, ts.timeS[ts.timeS.length - 1] ?? 0);
    const unit = durationUnitFor(spanS);
    const labels = tenants.map((t) => {
      const column = ts.values.get(tenantGpusColumn(t.name)) as Float64Array;
      const peak = column.reduce((a, b) => Math.max(a, b), 0);
      const quota = t.quotaGpus === null ? "no quota" : `quota ${formatCount(t.quotaGpus)}`;
      return `${t.name} (${quota}, peak ${formatCount(Math.round(peak))}, mean ${formatCount(Math.round(t.share * (data.summary.gpus?.total ?? 0)))})`;
    });
    const values: { t: number; series: string; value: number }[] = [];
    tenants.forEach((t, k) => {
      const column = ts.values.get(tenantGpusColumn(t.name)) as Float64Array;
      for (let i = 0; i < ts.timeS.length; i++) values.push({ t: (ts.timeS[i] as number) / unit.seconds, series: labels[k] as string, value: column[i] as number });
    });
    const quotas = tenants.flatMap((t, k) => (t.quotaGpus === null ? [] : [{ value: t.quotaGpus, series: labels[k] as string }]));
    const color = {
      field: "series",
      type: "nominal" as const,
      title: null,
      scale: { domain: labels, range: CATEGORY_COLORS.slice(0, labels.length) },
      legend: { orient: "top" as const, direction: "vertical" as const, labelLimit: 480 },
    };
    const notes = ts.samplesPerPoint > 1 ? [`each point is the mean of ${ts.samplesPerPoint} samples (${formatCount(ts.rows)} in timeseries.csv); peaks are of those means`] : [];
    const x = { field: "t", type: "quantitative" as const, title: `simulated time (${unit.label})`, scale: { domain: [0, spanS / unit.seconds], nice: false } };
    const lines = {
      data: { values },
      mark: { type: "line" as const, interpolate: "step-after" as const },
      encoding: { x, y: { field: "value", type: "quantitative" as const, title: "GPUs held" }, color },
    };
    const frame = { ...chartFrame("Tenant usage against quota (GPUs)", notes), width: CHART_WIDTH_PX, height: CHART_HEIGHT_PX };
    if (quotas.length === 0) return { ...frame, ...lines };
    const rules = {
      data: { values: quotas },
      mark: { type: "rule" as const, strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { y: { field: "value", type: "quantitative" as const }, color },
    };
    return { ...frame, layer: [lines, rules] };
  },
};
