import { cdfPoints } from "../downsample.js";
import { formatPercent, formatSignificant, withN } from "../figure-format.js";
import { quantileSorted } from "../float-list.js";
import type { ChartSpec } from "../render-svg.js";
import { type AxisScale, axisDataOfSorted, chooseAxisScale, scaleTicks, upperBoundZero, vegaScale } from "./axis-scale.js";
import { CATEGORY_COLORS, CHART_HEIGHT_PX, CHART_WIDTH_PX, chartFrame, DURATION_LABEL_EXPR, durationUnitFor, formatDurationS, NEUTRAL_COLOR } from "./theme.js";

export { LOG_SPREAD_RATIO } from "./axis-scale.js";

/** One line of a CDF chart: a name (free text) and its values in seconds, ascending. */
export interface CdfSeries {
  /** Legend label (the chart adds the count: "chat (n=12,345)"). */
  name: string;
  /** Values (s), sorted ascending. */
  sortedS: Float64Array;
}

/** A vertical reference line, e.g. an SLO target: drawn dashed in its series' colour and labelled. */
export interface CdfRule {
  /** x value (s). */
  valueS: number;
  /** Text beside the line: "SLO chat 500 ms". */
  label: string;
  /** Name of the series (CdfSeries.name) whose colour it takes; absent: the neutral colour. */
  series?: string;
}

/** What a latency CDF chart shows. */
export interface CdfChartOptions {
  /** Chart title, with the unit: "Job wait time (CDF)". */
  title: string;
  /** What the x axis measures, lower case: "wait time". */
  quantity: string;
  /** Which values these are, for the subtitle: "2,592 completed jobs submitted after the 1 h warm-up". */
  population: string;
  /** The overall distribution (drawn dark). */
  overall: CdfSeries;
  /** Per-group distributions (coloured); drawn only when there are 2 to 10 of them. */
  groups: readonly CdfSeries[];
  /** What the population counts, for the y axis: "jobs" (default) or "requests". */
  unitNoun?: string;
  /** Legend title for the groups: "workload". */
  groupLabel: string;
  /** Reference lines (SLO targets). */
  rules?: readonly CdfRule[];
  /**
   * p50 and p99 of the overall population as summary.json has them, for the subtitle, so the
   * chart states the same figures as the key figures; absent: computed from the values.
   */
  summaryStats?: { p50: number | null; p99: number | null };
}

/** Choose linear, log or symlog from the spread of the overall distribution (axis-scale.ts). */
export function chooseXScale(sortedS: Float64Array): AxisScale {
  return chooseAxisScale(axisDataOfSorted(sortedS));
}

/** A Vega-Lite spec for a latency CDF: one dark line overall, one coloured line per group, dashed SLO lines. */
export function cdfChartSpec(options: CdfChartOptions): ChartSpec | null {
  const all = options.overall.sortedS;
  if (all.length === 0) return null;
  const groups = options.groups.length >= 2 && options.groups.length <= CATEGORY_COLORS.length ? options.groups.filter((g) => g.sortedS.length > 0) : [];
  const overallName = groups.some((g) => g.name === options.overall.name) ? `${options.overall.name} (total)` : options.overall.name;
  // Every legend entry carries its population.
  const series = [{ name: overallName, key: options.overall.name, sortedS: all }, ...groups.map((g) => ({ name: g.name, key: g.name, sortedS: g.sortedS }))].map((s) => ({
    ...s,
    label: withN(s.name, s.sortedS.length),
  }));
  const rules = (options.rules ?? []).filter((r) => Number.isFinite(r.valueS) && r.valueS > 0);
  // The axis covers the data and the SLO lines, so a target beyond the slowest request still shows.
  const axis = axisDataOfSorted(all);
  for (const r of rules) {
    axis.max = Math.max(axis.max, r.valueS);
    if (axis.min > 0) axis.min = Math.min(axis.min, r.valueS);
  }
  const scale = chooseAxisScale(axis);
  const maxS = axis.max;
  const unit = scale.kind === "linear" ? durationUnitFor(maxS) : { seconds: 1, label: "s", name: "seconds" };
  const values = series.flatMap((s) => cdfPoints(s.sortedS).map((p) => ({ series: s.label, x: p.value / unit.seconds, fraction: p.fraction })));
  const subtitle = [options.population, scaleNote(scale, all, options.quantity, options.summaryStats)].filter((line) => line !== "");
  const xScale = scale.kind === "linear" ? { zero: true, ...(maxS > 0 ? { domain: [0, maxS / unit.seconds] } : { domain: [0, 1] }) } : vegaScale(scale);
  const ticks = scaleTicks(scale);
  const xAxis =
    ticks === undefined
      ? { title: `${options.quantity} (${unit.label})` }
      : { title: `${options.quantity} (${scale.kind} scale)`, values: ticks, labelExpr: DURATION_LABEL_EXPR };
  const labelOf = new Map(series.map((s) => [s.key, s.label]));
  const color = {
    field: "series",
    type: "nominal" as const,
    scale: { domain: series.map((s) => s.label), range: [NEUTRAL_COLOR, ...CATEGORY_COLORS] },
    legend: groups.length === 0 ? null : { title: options.groupLabel },
  };
  const lines = {
    data: { values },
    mark: { type: "line" as const, interpolate: "step-after" as const, clip: true },
    encoding: {
      x: { field: "x", type: "quantitative" as const, scale: xScale, axis: xAxis },
      y: { field: "fraction", type: "quantitative" as const, scale: { domain: [0, 1] }, axis: { title: `fraction of ${options.unitNoun ?? "jobs"} ≤ x`, format: ".0%" } },
      color,
    },
  };
  const spec = { ...chartFrame(options.title, subtitle), width: CHART_WIDTH_PX, height: CHART_HEIGHT_PX };
  if (rules.length === 0) return { ...spec, ...lines };
  const ruleValues = rules.map((r, i) => ({
    x: r.valueS / unit.seconds,
    series: labelOf.get(r.series ?? "") ?? series[0]!.label,
    label: r.label,
    // Labels step down so that targets close together stay legible.
    labelY: 0.98 - 0.08 * i,
  }));
  const ruleLayer = {
    data: { values: ruleValues },
    mark: { type: "rule" as const, strokeDash: [5, 4], strokeWidth: 1.4 },
    encoding: { x: { field: "x", type: "quantitative" as const }, color },
  };
  const textLayer = {
    data: { values: ruleValues },
    mark: { type: "text" as const, align: "left" as const, baseline: "top" as const, dx: 4, fontSize: 10.5 },
    encoding: { x: { field: "x", type: "quantitative" as const }, y: { field: "labelY", type: "quantitative" as const }, text: { field: "label" }, color },
  };
  return { ...spec, layer: [lines, ruleLayer, textLayer] };
}

function scaleNote(scale: AxisScale, sortedS: Float64Array, quantity: string, stats: CdfChartOptions["summaryStats"]): string {
  const p50 = stats?.p50 ?? quantileSorted(sortedS, 0.5);
  const p99 = stats?.p99 ?? quantileSorted(sortedS, 0.99);
  const figures = `p50 ${formatDurationS(p50)}, p99 ${formatDurationS(p99)}, max ${formatDurationS(sortedS[sortedS.length - 1]!)}`;
  if (scale.kind === "linear") return figures;
  if (scale.kind === "log") return `${figures}; log x axis (max/min = ${formatSignificant(sortedS[sortedS.length - 1]! / sortedS[0]!, 3)})`;
  const zeroShare = upperBoundZero(sortedS) / sortedS.length;
  return `${figures}; ${formatPercent(zeroShare)} had a ${quantity} of 0 (a log axis cannot show 0: symlog, linear below ${formatDurationS(scale.constant)})`;
}
