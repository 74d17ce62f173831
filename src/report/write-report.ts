import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChartDefinition } from "./charts/chart-definition.js";
import { chartDefinitions } from "./charts/registry.js";
import { type ReportChart, reportHtml } from "./html.js";
import { keyFigures } from "./key-figures.js";
import { type ChartSpec, renderSvg } from "./render-svg.js";
import { type RunData, readRunData } from "./run-data.js";
import { normalizeSvg } from "./svg-inline.js";

/** Names of what the report writes into a run directory. */
export const reportFiles = { html: "report.html", chartsDir: "charts" } as const;

/** What writeReport wrote. */
export interface ReportResult {
  /** Paths of the chart SVGs written, in report order. */
  charts: string[];
  /** Paths of the charts' Vega-Lite specs (`charts/<name>.vl.json`, data inlined), in report order. */
  specs: string[];
  /** Path of report.html. */
  html: string;
}

/**
 * Read a run directory and write `charts/<name>.svg` for every chart its data supports, beside it
 * `charts/<name>.vl.json` (the Vega-Lite spec the SVG was rendered from, data inlined, for notebooks
 * and editors), plus a self-contained `report.html`. The charts folder is replaced whole (no stale charts remain).
 * ScenarioError (exit 2) when the directory is missing or not a run.
 */
export async function writeReport(runDir: string): Promise<ReportResult> {
  const data = await readRunData(runDir);
  const charts = await renderCharts(data, chartDefinitions);
  const chartsDir = join(runDir, reportFiles.chartsDir);
  const tempDir = mkdtempSync(join(runDir, `.${reportFiles.chartsDir}.tmp-`));
  try {
    for (const chart of charts) {
      writeFileSync(join(tempDir, `${chart.name}.svg`), `${chart.svg}\n`);
      writeFileSync(join(tempDir, `${chart.name}${SPEC_SUFFIX}`), specText(chart.spec));
    }
    rmSync(chartsDir, { recursive: true, force: true });
    renameSync(tempDir, chartsDir);
  } catch (error) {
    rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
  const html = reportHtml({ scenarioName: data.scenario.name, figures: keyFigures(data), charts });
  const htmlFile = join(runDir, reportFiles.html);
  const tempHtml = `${htmlFile}.tmp`;
  writeFileSync(tempHtml, html);
  renameSync(tempHtml, htmlFile);
  return { charts: charts.map((c) => join(chartsDir, `${c.name}.svg`)), specs: charts.map((c) => join(chartsDir, `${c.name}${SPEC_SUFFIX}`)), html: htmlFile };
}

/** File-name ending of a chart's Vega-Lite spec. */
export const SPEC_SUFFIX = ".vl.json";

/** A spec as written: pretty-printed JSON (2 spaces) with a final newline; deterministic as the spec is pure. */
export function specText(spec: ChartSpec): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}

/** A rendered chart and the spec it was rendered from. */
export type RenderedChart = ReportChart & { spec: ChartSpec };

/** Build and render every chart whose data the run has, in order. */
export async function renderCharts(data: RunData, definitions: readonly ChartDefinition[]): Promise<RenderedChart[]> {
  const charts: RenderedChart[] = [];
  for (const definition of definitions) {
    const spec = definition.build(data);
    if (spec === null) continue;
    const svg = normalizeSvg(await renderSvg(spec), definition.name);
    charts.push({ name: definition.name, title: titleOf(spec), caption: definition.caption, svg, spec });
  }
  return charts;
}

/** The plain-text title of a spec (for the table of contents). */
function titleOf(spec: ChartSpec): string {
  const title = spec.title;
  if (typeof title === "string") return title;
  if (Array.isArray(title)) return title.join(" ");
  const text = title?.text;
  return typeof text === "string" ? text : Array.isArray(text) ? text.join(" ") : "";
}
