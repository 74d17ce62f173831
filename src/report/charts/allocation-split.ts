import type { RunData } from "../run-data.js";
import type { ChartDefinition } from "./chart-definition.js";
import { CATEGORY_COLORS, CHART_HEIGHT_PX, CHART_WIDTH_PX, chartFrame, durationUnitFor, formatCount } from "./theme.js";

const SPLIT_PREFIX = "allocated:";
const KIND_SPLITS = ["jobs", "inference"] as const;

/** One stacked-area panel: its title and the series (timeseries.csv column, legend label). */
interface Panel {
  title: string;
  series: { column: string; label: string }[];
}

/** Panels for the split columns the run has: by GPU type (more than one type), by kind of work (both kinds). */
function panels(data: RunData): Panel[] {
  const ts = data.timeseries;
  if (ts === null) return [];
  const mean = (column: string): number => {
    const v = ts.values.get(column) as Float64Array;
    return v.length === 0 ? 0 : v.reduce((a, b) => a + b, 0) / v.length;
  };
  const fleet = new Map(data.scenario.gpusByModel);
  const splits = ts.columns.filter((c) => c.startsWith(SPLIT_PREFIX)).map((c) => c.slice(SPLIT_PREFIX.length));
  const types = splits.filter((s) => !(KIND_SPLITS as readonly string[]).includes(s));
  const kinds = KIND_SPLITS.filter((k) => splits.includes(k));
  const out: Panel[] = [];
  if (types.length > 0) {
    out.push({
      title: "by GPU type",
      series: types.map((t) => {
        const n = fleet.get(t);
        return { column: SPLIT_PREFIX + t, label: `${t} (n = ${n === undefined ? "?" : formatCount(n)} GPUs, mean ${formatCount(Math.round(mean(SPLIT_PREFIX + t)))} allocated)` };
      }),
    });
  }
  if (kinds.length > 0) {
    const workloads = (kind: string) => data.scenario.workloads.filter((w) => (kind === "inference" ? w.kind === "inference" : w.kind !== "inference")).length;
    out.push({
      title: "by kind of work",
      series: kinds.map((k) => ({
        column: SPLIT_PREFIX + k,
        label: `${k === "jobs" ? "jobs" : "inference replicas"} (n = ${workloads(k)} ${k === "jobs" ? "workloads" : "services"}, mean ${formatCount(Math.round(mean(SPLIT_PREFIX + k)))} GPUs)`,
      })),
    });
  }
  return out;
}

/** Allocated GPUs over time, stacked by GPU type and by kind of work (jobs, inference replicas). */
export const allocationSplitChart: ChartDefinition = {
  name: "allocation-split",
  caption:
    "Allocated GPUs over simulated time, stacked by GPU type and by kind of work (jobs, inference replicas): each stack adds up to the allocated GPUs of the allocation chart; " +
    "drawn when the fleet has more than one GPU type or the run has both kinds of work.",
  build: (data) => {
    const ts = data.timeseries;
    const parts = panels(data);
    if (ts === null || ts.timeS.length === 0 || parts.length === 0) return null;
    const spanS = Math.max(data.summary.simulatedS, ts.timeS[ts.timeS.length - 1] ?? 0);
    const unit = durationUnitFor(spanS);
    const x = { field: "t", type: "quantitative" as const, title: `simulated time (${unit.label})`, scale: { domain: [0, spanS / unit.seconds], nice: false } };
    const total = data.summary.gpus?.total;
    const charts = parts.map((panel, p) => {
      const values: { t: number; series: string; order: number; value: number }[] = [];
      panel.series.forEach((s, k) => {
        const column = ts.values.get(s.column) as Float64Array;
        for (let i = 0; i < ts.timeS.length; i++) values.push({ t: (ts.timeS[i] as number) / unit.seconds, series: s.label, order: k, value: column[i] as number });
      });
      const labels = panel.series.map((s) => s.label);
      const offset = p === 0 ? 0 : parts[0]!.series.length;
      return {
        title: { text: panel.title, fontSize: 12 },
        width: CHART_WIDTH_PX,
        height: CHART_HEIGHT_PX * 0.75,
        data: { values },
        mark: { type: "area" as const, interpolate: "step-after" as const },
        encoding: {
          x,
          y: {
            field: "value",
            type: "quantitative" as const,
            title: "GPUs allocated",
            stack: "zero" as const,
            ...(total === undefined ? {} : { scale: { domain: [0, total] } }),
          },
          color: {
            field: "series",
            type: "nominal" as const,
            title: null,
            scale: { domain: labels, range: CATEGORY_COLORS.slice(offset, offset + labels.length) },
            legend: { orient: "top" as const, direction: "vertical" as const, labelLimit: 480 },
          },
          order: { field: "order", type: "quantitative" as const },
        },
      };
    });
    const notes = ts.samplesPerPoint > 1 ? [`each point is the mean of ${ts.samplesPerPoint} samples (${formatCount(ts.rows)} in timeseries.csv)`] : [];
    const frame = chartFrame(`Allocation split (GPUs${total === undefined ? "" : ` of ${formatCount(total)}`})`, notes);
    if (charts.length === 1) return { ...frame, ...charts[0]!, title: frame.title };
    return { ...frame, vconcat: charts, resolve: { scale: { color: "independent" }, legend: { color: "independent" } } };
  },
};
