import { cdfPoints } from "../downsample.js";
import { quantileSorted } from "../float-list.js";
import type { ChartSpec } from "../render-svg.js";
import { CATEGORY_COLORS, CHART_HEIGHT_PX, CHART_WIDTH_PX, chartFrame, DURATION_LABEL_EXPR, durationUnitFor, formatDurationS, NEUTRAL_COLOR } from "./theme.js";

/** One line of a CDF chart: a name (free text) and its values in seconds, ascending. */
export interface CdfSeries {
  /** Legend label. */
  name: string;
  /** Values (s), sorted ascending. */
  sortedS: Float64Array;
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
}

/** p99 / p50 above this ratio switches the x axis to a log (or symlog) scale. */
export const LOG_SPREAD_RATIO = 100;

/** Tick values (s) for log-scaled duration axes: decades below 1 s, then 1 s, 10 s, 1 min, 10 min, 1 h, 10 h, 1 d, 10 d, 100 d. */
const NICE_TICKS_S = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10, 60, 600, 3600, 36000, 86400, 864000, 8640000];

/** How the x axis is scaled. */
type XScale = { kind: "linear" } | { kind: "log"; lo: number; hi: number } | { kind: "symlog"; constant: number; hi: number };

/** Choose linear, log or symlog from the spread of the overall distribution. */
export function chooseXScale(sortedS: Float64Array): XScale {
  const n = sortedS.length;
  const p50 = quantileSorted(sortedS, 0.5);
  const p99 = quantileSorted(sortedS, 0.99);
  const max = sortedS[n - 1]!;
  const wide = p99 > 0 && (p50 <= 0 || p99 / p50 > LOG_SPREAD_RATIO);
  if (!wide) return { kind: "linear" };
  const hi = NICE_TICKS_S.find((t) => t >= max) ?? max;
  if (sortedS[0]! > 0) return { kind: "log", lo: niceFloor(sortedS[0]!), hi };
  const firstPositive = upperBoundZero(sortedS);
  const constant = niceFloor(quantileSorted(sortedS.subarray(firstPositive), 0.05));
  return { kind: "symlog", constant, hi };
}

/** A Vega-Lite spec for a latency CDF: one dark line overall, one coloured line per group. */
export function cdfChartSpec(options: CdfChartOptions): ChartSpec | null {
  const all = options.overall.sortedS;
  if (all.length === 0) return null;
  const groups = options.groups.length >= 2 && options.groups.length <= CATEGORY_COLORS.length ? options.groups.filter((g) => g.sortedS.length > 0) : [];
  const overallName = groups.some((g) => g.name === options.overall.name) ? `${options.overall.name} (total)` : options.overall.name;
  const series = [{ name: overallName, sortedS: all }, ...groups];
  const scale = chooseXScale(all);
  const unit = scale.kind === "linear" ? durationUnitFor(all[all.length - 1]!) : { seconds: 1, label: "s", name: "seconds" };
  const values = series.flatMap((s) => cdfPoints(s.sortedS).map((p) => ({ series: s.name, x: p.value / unit.seconds, fraction: p.fraction })));
  const subtitle = [options.population, scaleNote(scale, all, options.quantity)].filter((line) => line !== "");
  const xScale =
    scale.kind === "linear"
      ? { zero: true, ...(all[all.length - 1]! > 0 ? {} : { domain: [0, 1] }) }
      : scale.kind === "log"
        ? { type: "log" as const, domain: [scale.lo, scale.hi] }
        : { type: "symlog" as const, constant: scale.constant, domain: [0, scale.hi] };
  const ticks = scale.kind === "log" ? ticksIn(scale.lo, scale.hi) : scale.kind === "symlog" ? [0, ...ticksIn(scale.constant, scale.hi)] : undefined;
  const xAxis =
    ticks === undefined
      ? { title: `${options.quantity} (${unit.label})` }
      : { title: `${options.quantity} (${scale.kind} scale)`, values: ticks, labelExpr: DURATION_LABEL_EXPR };
  return {
    ...chartFrame(options.title, subtitle),
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    data: { values },
    mark: { type: "line", interpolate: "step-after", clip: true },
    encoding: {
      x: { field: "x", type: "quantitative", scale: xScale, axis: xAxis },
      y: { field: "fraction", type: "quantitative", scale: { domain: [0, 1] }, axis: { title: `fraction of ${options.unitNoun ?? "jobs"} ≤ x`, format: ".0%" } },
      color: {
        field: "series",
        type: "nominal",
        scale: { domain: series.map((s) => s.name), range: [NEUTRAL_COLOR, ...CATEGORY_COLORS] },
        legend: groups.length === 0 ? null : { title: options.groupLabel },
      },
    },
  };
}

function scaleNote(scale: XScale, sortedS: Float64Array, quantity: string): string {
  const p50 = quantileSorted(sortedS, 0.5);
  const p99 = quantileSorted(sortedS, 0.99);
  const figures = `p50 ${formatDurationS(p50)}, p99 ${formatDurationS(p99)}`;
  if (scale.kind === "linear") return figures;
  if (scale.kind === "log") return `${figures}; log x axis (p99/p50 = ${Math.round(p99 / p50)})`;
  const zeroShare = upperBoundZero(sortedS) / sortedS.length;
  return `${figures}; ${(zeroShare * 100).toFixed(1)} % had a ${quantity} of 0 (a log axis cannot show 0: symlog, linear below ${formatDurationS(scale.constant)})`;
}

/** Number of values ≤ 0 at the start of ascending values. */
function upperBoundZero(sortedS: Float64Array): number {
  let lo = 0;
  let hi = sortedS.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedS[mid]! <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Largest nice tick at or below `valueS` (at least the smallest tick). */
function niceFloor(valueS: number): number {
  let best = NICE_TICKS_S[0]!;
  for (const t of NICE_TICKS_S) if (t <= valueS) best = t;
  return best;
}

function ticksIn(loS: number, hiS: number): number[] {
  return NICE_TICKS_S.filter((t) => t >= loS && t <= hiS);
}
