/**
 * Charts for the notebooks: one Vega-Lite spec, shown twice in one output. Jupyter front ends
 * that know Vega-Lite (JupyterLab, VS Code) draw `application/vnd.vegalite.v5+json` interactively;
 * nbconvert's HTML and GitHub's viewer do not, so the same output also carries an SVG rendered here
 * with vega (a dependency of gpufleet) and each viewer picks the richest type it can show.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export type { TopLevelSpec };

/** Render a Vega-Lite spec to an SVG string (headless: vega's "none" renderer, no canvas). */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Display a chart: the Vega-Lite spec and its SVG as one Jupyter display bundle. */
export async function show(spec: TopLevelSpec): Promise<void> {
  const withSchema = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", ...spec } as TopLevelSpec;
  await Deno.jupyter.display(
    {
      "application/vnd.vegalite.v5+json": withSchema,
      "image/svg+xml": await toSvg(withSchema),
      "text/plain": `chart: ${typeof spec.title === "string" ? spec.title : "Vega-Lite"}`,
    },
    { raw: true },
  );
}

/** Display Markdown computed from the numbers (conclusions are never typed in by hand). */
export async function markdown(text: string): Promise<void> {
  await Deno.jupyter.display({ "text/markdown": text, "text/plain": text }, { raw: true });
}
