import type { ChartSpec } from "../render-svg.js";
import { fillBandChartSpec } from "./fill-band-chart.js";
import { type FillPoint, fillBands } from "./fill-series.js";

/**
 * The GPU-sharing study's main chart (Weng et al., ATC '23, Fig. 9a): unallocated GPU share (100 -
 * allocatedPct) against arrived workload, one line per placement policy (mean over seeds, band
 * from lowest to highest seed). Pure: built from fill.csv rows labelled with policy and seed.
 */
export function fillUnallocatedSpec(points: readonly FillPoint[]): ChartSpec | null {
  const bands = fillBands(points, (p) => 100 - p.allocatedPct);
  return fillBandChartSpec(bands, { title: "Unallocated GPU as the workload arrives", yTitle: "unallocated GPU (% of capacity)" });
}
