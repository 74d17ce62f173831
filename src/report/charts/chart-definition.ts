import type { RunData } from "../run-data.js";
import type { ChartSpec } from "../render-svg.js";

/**
 * One chart of the report. `build` is a pure function of the run data; it returns null when the
 * run lacks what the chart needs (a column, a CSV, a summary block), and the chart is skipped.
 * To add a chart (TTFT/TPOT CDFs, network, failures, ...): write `charts/<name>.ts` exporting a
 * ChartDefinition and list it in `charts/registry.ts`.
 */
export interface ChartDefinition {
  /** File-name stem, kebab-case: the chart is written as `charts/<name>.svg`. */
  readonly name: string;
  /** One sentence for the report: what the chart shows and how to read it. */
  readonly caption: string;
  /** The Vega-Lite spec, or null when the data for this chart is absent. */
  build(data: RunData): ChartSpec | null;
}
