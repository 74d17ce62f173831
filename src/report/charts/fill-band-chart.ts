import type { ChartSpec } from "../render-svg.js";
import type { FillBand } from "./fill-series.js";
import { CATEGORY_COLORS, CHART_HEIGHT_PX, CHART_WIDTH_PX, chartFrame } from "./theme.js";

/** What a fill band chart shows. */
export interface FillBandChartOptions {
  /** Title. */
  title: string;
  /** y axis title with the unit. */
  yTitle: string;
}

/**
 * Lines of the mean per policy over arrived workload, with a shaded band from the lowest to the
 * highest seed; a dashed rule at 100 % arrived workload. Null when there are no points.
 */
export function fillBandChartSpec(bands: readonly FillBand[], options: FillBandChartOptions): ChartSpec | null {
  if (bands.length === 0) return null;
  const policies = [...new Set(bands.map((b) => b.policy))];
  const seeds = Math.max(...bands.map((b) => b.seeds));
  const values = bands.map((b) => ({ policy: b.policy, x: b.arrivedPct, mean: b.mean, min: b.min, max: b.max }));
  const color = { field: "policy", type: "nominal" as const, title: null, scale: { domain: policies, range: CATEGORY_COLORS.slice(0, policies.length) }, legend: { orient: "top" as const, direction: "horizontal" as const } };
  const x = { field: "x", type: "quantitative" as const, title: "arrived workload (% of cluster GPU capacity)" };
  const subtitle = seeds > 1 ? [`lines: mean over ${seeds} seeds; bands: lowest to highest seed`] : [];
  return {
    ...chartFrame(options.title, subtitle),
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    data: { values },
    layer: [
      { mark: { type: "area", opacity: 0.18 }, encoding: { x, y: { field: "min", type: "quantitative", title: options.yTitle }, y2: { field: "max" }, color } },
      { mark: { type: "line" }, encoding: { x, y: { field: "mean", type: "quantitative", title: options.yTitle }, color } },
      { data: { values: [{ x: 100 }] }, mark: { type: "rule", strokeDash: [6, 4], color: "#888888" }, encoding: { x: { field: "x", type: "quantitative" } } },
    ],
  };
}
