import type { RunData } from "../run-data.js";
import type { ChartSpec } from "../render-svg.js";
import { CATEGORY_COLORS, CHART_HEIGHT_PX, CHART_WIDTH_PX, chartFrame, durationUnitFor, formatCount, NEUTRAL_COLOR } from "./theme.js";

/** A timeseries.csv column to draw and its legend label. */
export interface SeriesColumn {
  /** Column name in timeseries.csv. */
  column: string;
  /** Legend label. */
  label: string;
}

/** A horizontal reference line (e.g. the GPU capacity). */
export interface ReferenceLine {
  /** y value. */
  value: number;
  /** Legend label. */
  label: string;
}

/** What a time-series chart shows. */
export interface TimeseriesChartOptions {
  /** Title with the unit. */
  title: string;
  /** y axis title with the unit. */
  yTitle: string;
  /** Candidate columns; those missing from the file are left out. */
  columns: readonly SeriesColumn[];
  /** Optional dashed reference line, drawn in the legend's neutral colour. */
  reference?: ReferenceLine;
  /** Leave out columns that are never above zero (e.g. link classes the topology lacks). */
  dropEmpty?: boolean;
}

/** Lines over simulated time for the columns present; null when none of them is. */
export function timeseriesChartSpec(data: RunData, options: TimeseriesChartOptions): ChartSpec | null {
  const ts = data.timeseries;
  if (ts === null || ts.timeS.length === 0) return null;
  const available = options.columns.filter((c) => {
    const column = ts.values.get(c.column);
    return column !== undefined && (options.dropEmpty !== true || column.some((v) => v > 0));
  });
  if (available.length === 0) return null;
  // A series equal to an earlier one throughout (busy = allocated without a network model) would
  // hide it; it is left out and named in the subtitle instead.
  const present = available.filter((c, i) => !available.slice(0, i).some((d) => sameValues(ts.values.get(c.column)!, ts.values.get(d.column)!)));
  const duplicates = available.filter((c) => !present.includes(c)).map((c) => {
    const twin = present.find((d) => sameValues(ts.values.get(c.column)!, ts.values.get(d.column)!))!;
    return `${c.label} = ${twin.label} throughout`;
  });
  const spanS = Math.max(data.summary.simulatedS, ts.timeS[ts.timeS.length - 1] ?? 0);
  const unit = durationUnitFor(spanS);
  const values: { t: number; series: string; value: number }[] = [];
  for (const c of present) {
    const column = ts.values.get(c.column)!;
    for (let i = 0; i < ts.timeS.length; i++) values.push({ t: ts.timeS[i]! / unit.seconds, series: c.label, value: column[i]! });
  }
  const reference = options.reference;
  const labels = [...present.map((c) => c.label), ...(reference === undefined ? [] : [reference.label])];
  const colors = [...CATEGORY_COLORS.slice(0, present.length), NEUTRAL_COLOR];
  const color = { field: "series", type: "nominal" as const, title: null, scale: { domain: labels, range: colors }, legend: { orient: "top" as const, direction: "horizontal" as const } };
  const notes = [...duplicates, ...(ts.samplesPerPoint > 1 ? [`each point is the mean of ${ts.samplesPerPoint} samples (${formatCount(ts.rows)} in timeseries.csv)`] : [])];
  const subtitle = notes.length === 0 ? [] : [notes.join("; ")];
  const x = { field: "t", type: "quantitative" as const, title: `simulated time (${unit.label})`, scale: { domain: [0, spanS / unit.seconds], nice: false } };
  const lines = {
    data: { values },
    mark: { type: "line" as const, interpolate: "step-after" as const },
    encoding: { x, y: { field: "value", type: "quantitative" as const, title: options.yTitle }, color },
  };
  const spec = { ...chartFrame(options.title, subtitle), width: CHART_WIDTH_PX, height: CHART_HEIGHT_PX };
  if (reference === undefined) return { ...spec, ...lines };
  const rule = {
    data: { values: [{ value: reference.value, series: reference.label }] },
    mark: { type: "rule" as const, strokeDash: [6, 4], strokeWidth: 1.5 },
    encoding: { y: { field: "value", type: "quantitative" as const }, color },
  };
  return { ...spec, layer: [lines, rule] };
}


function sameValues(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
