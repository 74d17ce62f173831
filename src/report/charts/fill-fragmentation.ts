import type { ChartSpec } from "../render-svg.js";
import { fillBandChartSpec } from "./fill-band-chart.js";
import { type FillPoint, fillBands } from "./fill-series.js";

/**
 * Fragmentation over the fill experiment's course (its clock is the arrived workload): the
 * cluster's fragmented GPU share F(M) against arrived workload, one line per placement policy
 * (mean over seeds, band from lowest to highest seed), as in Weng et al., ATC '23, Fig. 7.
 */
export function fillFragmentationSpec(points: readonly FillPoint[]): ChartSpec | null {
  const bands = fillBands(points, (p) => p.fragmentationPct);
  return fillBandChartSpec(bands, { title: "GPU fragmentation as the workload arrives", yTitle: "fragmented GPU (% of capacity)" });
}
