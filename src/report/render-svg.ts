import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** A Vega-Lite spec as the chart builders return it. */
export type ChartSpec = TopLevelSpec;

/**
 * Compile a Vega-Lite spec and render it to an SVG string in Node (vega's headless View; no
 * browser, no canvas). Deterministic for the same spec.
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const vegaSpec = compile(spec).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
