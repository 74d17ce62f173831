/**
 * Vega-Lite specs for comparing runs: a metric against a parameter per series with confidence
 * whiskers, bars with confidence whiskers, and overlaid empirical CDFs.
 */
import type { ChartSpec } from "./render-svg.js";

/** One point of a metric-vs-parameter chart. */
export interface CiPoint {
  /** The parameter value (x). */
  x: number | string;
  /** Which line the point belongs to (e.g. the policy combination). */
  series: string;
  /** Mean over seeds (y). */
  mean: number;
  /** Lower end of the 95 % interval (null with one seed). */
  ciLow: number | null;
  /** Upper end of the 95 % interval. */
  ciHigh: number | null;
}

/** One bar: a run's mean with its interval. */
export interface CiBar {
  /** Run label. */
  label: string;
  /** Mean over seeds. */
  mean: number;
  /** Lower end of the 95 % interval (null with one seed). */
  ciLow: number | null;
  /** Upper end of the 95 % interval. */
  ciHigh: number | null;
}

/** One curve of a CDF overlay. */
export interface CdfSeries {
  /** Run label. */
  label: string;
  /** Points (value, cumulative fraction), ascending. */
  points: { x: number; p: number }[];
}

const WIDTH = 420;
const HEIGHT = 260;
const hasCi = { filter: "isValid(datum.ciLow) && isValid(datum.ciHigh)" };

/** A metric (mean over seeds, with 95 % CI whiskers) against a parameter, one line per series. */
export function ciLineChart(title: string, xTitle: string, yTitle: string, points: readonly CiPoint[]): ChartSpec {
  const numeric = points.every((p) => typeof p.x === "number");
  const x = { field: "x", type: numeric ? "quantitative" : "ordinal", title: xTitle, ...(numeric ? { scale: { zero: false } } : {}) } as const;
  const color = { field: "series", type: "nominal", title: "series", legend: { labelLimit: 400 } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: points.map((p) => ({ ...p })) },
    layer: [
      { mark: { type: "line", point: true }, encoding: { x, y: { field: "mean", type: "quantitative", title: yTitle }, color } },
      { transform: [hasCi], mark: { type: "rule" }, encoding: { x, y: { field: "ciLow", type: "quantitative" }, y2: { field: "ciHigh" }, color } },
    ],
  };
}

/** Bars of a metric per run with 95 % CI whiskers. */
export function ciBarChart(title: string, yTitle: string, bars: readonly CiBar[]): ChartSpec {
  const x = { field: "label", type: "nominal", title: null, sort: null, axis: { labelAngle: -20, labelLimit: 220 } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: Math.max(160, 70 * bars.length),
    height: HEIGHT,
    data: { values: bars.map((b) => ({ ...b })) },
    layer: [
      { mark: { type: "bar" }, encoding: { x, y: { field: "mean", type: "quantitative", title: yTitle }, color: { field: "label", type: "nominal", legend: null, sort: null } } },
      { transform: [hasCi], mark: { type: "rule", strokeWidth: 2 }, encoding: { x, y: { field: "ciLow", type: "quantitative" }, y2: { field: "ciHigh" } } },
    ],
  };
}

/** Empirical CDFs of one quantity, one line per run (`logX`: logarithmic x, positive values only). */
export function cdfChart(title: string, xTitle: string, series: readonly CdfSeries[], logX = false): ChartSpec {
  const values = series.flatMap((s) => s.points.filter((pt) => !logX || pt.x > 0).map((pt) => ({ run: s.label, x: pt.x, p: pt.p })));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: "line", interpolate: "step-after" },
    encoding: {
      x: { field: "x", type: "quantitative", title: xTitle, scale: logX ? { type: "log" } : { zero: true } },
      y: { field: "p", type: "quantitative", title: "fraction of jobs", scale: { domain: [0, 1] } },
      color: { field: "run", type: "nominal", title: "run", sort: null, legend: { labelLimit: 400 } },
    },
  };
}

/** Downsample sorted values to at most `maxPoints` CDF points (exact quantiles at even steps). */
export function cdfPoints(sortedValues: readonly number[], maxPoints = 200): { x: number; p: number }[] {
  const n = sortedValues.length;
  if (n === 0) return [];
  const steps = Math.min(n, maxPoints);
  const points: { x: number; p: number }[] = [];
  for (let k = 1; k <= steps; k++) {
    const i = Math.ceil((k / steps) * n) - 1;
    points.push({ x: sortedValues[i] as number, p: (i + 1) / n });
  }
  return points;
}
