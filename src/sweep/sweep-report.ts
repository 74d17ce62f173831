/**
 * The sweep report: `charts/*.svg` (each chart metric against each parameter, one line per policy
 * combination, 95 % CI whiskers across seeds) and a self-contained `sweep.html` with a cell table.
 * Intervals are the replications' own (`rangedConfidence` under the metric's range), so a sweep
 * cell and `run --seeds` over the same seeds give the same interval.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ConfidenceInterval, MIN_RELIABLE_REPLICATIONS } from "../metrics/confidence.js";
import { type CiBar, type CiPoint, ciBarChart, ciLineChart } from "../report/ci-charts.js";
import { renderSvg } from "../report/render-svg.js";
import { fileSlug, htmlPage, htmlTable, svgFigure } from "../report/simple-page.js";
import { type KeyMetric, keyMetrics, metricAt, metricInterval } from "../report/summary-metrics.js";
import { fillCharts } from "./fill-charts.js";
import { shortKey, valueLabel } from "./grid.js";
import { type ManifestCell, type SweepManifest, sweepFiles, writeFileAtomically } from "./sweep-manifest.js";
import { type SweepRow, rowsByCell } from "./sweep-results.js";

/** Metrics drawn in the sweep charts. */
const chartMetricPaths = ["jobs.waitS.mean", "jobs.waitS.p99", "jobs.jctS.mean", "jobs.slowdown.mean", "jobs.probWait", "gpus.allocatedFraction", "fill.unallocatedPctAt100"];
const chartMetrics = keyMetrics.filter((m) => chartMetricPaths.includes(m.path));

/** A number for a report cell: 4 significant digits. */
function fmt(value: number | null): string {
  if (value === null) return "-";
  return Math.abs(value) >= 1e4 ? Math.round(value).toLocaleString("en-US") : String(Number(value.toPrecision(4)));
}

/** `mean ± half` for a report cell (the larger side when the interval is asymmetric). */
function fmtCi(ci: ConfidenceInterval): string {
  if (ci.mean === null) return "-";
  if (ci.ciLow === null || ci.ciHigh === null) return fmt(ci.mean);
  const symmetric = ci.method === undefined || ci.method === "t";
  return symmetric ? `${fmt(ci.mean)} ± ${fmt((ci.ciHigh - ci.ciLow) / 2)}` : `${fmt(ci.mean)} (${fmt(ci.ciLow)} .. ${fmt(ci.ciHigh)})`;
}

/** Label of a cell's values on every axis except `exclude`. */
function seriesLabel(manifest: SweepManifest, cell: ManifestCell, exclude: string | undefined): string {
  const parts = manifest.axes.filter((a) => a.path !== exclude).map((a) => (a.policy ? valueLabel(cell.params[a.path]) : `${shortKey(a.path)}=${valueLabel(cell.params[a.path])}`));
  return parts.length === 0 ? "all" : parts.join(" / ");
}

/** A chart with its file name and caption. */
interface NamedChart {
  file: string;
  caption: string;
  spec: ReturnType<typeof ciLineChart>;
}

/** The charts of a sweep: metric vs each parameter axis, or per policy combination when there is none. */
export function sweepCharts(manifest: SweepManifest, rows: readonly SweepRow[]): NamedChart[] {
  const groups = rowsByCell(rows);
  const stat = (groupRows: readonly SweepRow[], m: KeyMetric) => metricInterval(groupRows.map((r) => r.summary), m.path);
  const axisTitle = (m: KeyMetric) => (m.unit === "" ? m.label : `${m.label} (${m.unit})`);
  const paramAxes = manifest.axes.filter((a) => !a.policy);
  const charts: NamedChart[] = [];
  for (const m of chartMetrics) {
    if (rows.every((r) => metricAt(r.summary, m.path) === null)) continue; // e.g. job metrics of a fill sweep
    if (paramAxes.length === 0) {
      const bars: CiBar[] = groups.flatMap((g) => {
        const ci = stat(g.rows, m);
        return ci.mean === null ? [] : [{ label: seriesLabel(manifest, g.cell, undefined), mean: ci.mean, ciLow: ci.ciLow, ciHigh: ci.ciHigh }];
      });
      charts.push({ file: `${fileSlug(m.path)}.svg`, caption: `${m.label} per policy combination (95 % CI over seeds)`, spec: ciBarChart(m.label, axisTitle(m), bars) });
      continue;
    }
    for (const axis of paramAxes) {
      const points: CiPoint[] = groups.flatMap((g) => {
        const ci = stat(g.rows, m);
        const x = g.cell.params[axis.path];
        if (ci.mean === null) return [];
        return [{ x: typeof x === "number" ? x : valueLabel(x), series: seriesLabel(manifest, g.cell, axis.path), mean: ci.mean, ciLow: ci.ciLow, ciHigh: ci.ciHigh }];
      });
      const title = `${m.label} vs ${shortKey(axis.path)}`;
      charts.push({ file: `${fileSlug(m.path)}-vs-${fileSlug(shortKey(axis.path))}.svg`, caption: `${title} (${axis.path}; 95 % CI over seeds)`, spec: ciLineChart(title, axis.path, axisTitle(m), points) });
    }
  }
  return charts;
}

/** The cell table of the report: parameters, policies, seeds and every key metric as mean ± CI. */
export function cellTable(manifest: SweepManifest, rows: readonly SweepRow[]): { header: string[]; rows: string[][] } {
  const params = manifest.axes.filter((a) => !a.policy).map((a) => a.path);
  const header = ["cell", ...params.map(shortKey), "queue", "placement", "backfill", "seeds", ...keyMetrics.map((m) => m.label)];
  const body = rowsByCell(rows).map((g) => [
    g.cell.id,
    ...params.map((p) => valueLabel(g.cell.params[p])),
    g.cell.policies.queue,
    g.cell.policies.placement,
    g.cell.policies.backfill,
    String(g.rows.length),
    ...keyMetrics.map((m) => fmtCi(metricInterval(g.rows.map((r) => r.summary), m.path))),
  ]);
  return { header, rows: body };
}

/** Write `charts/*.svg` and `sweep.html` into `outDir`. */
export async function writeSweepReport(outDir: string, manifest: SweepManifest, rows: readonly SweepRow[]): Promise<void> {
  const chartsDir = join(outDir, sweepFiles.charts);
  rmSync(chartsDir, { recursive: true, force: true });
  mkdirSync(chartsDir, { recursive: true });
  const figures: string[] = [];
  for (const chart of [...sweepCharts(manifest, rows), ...fillCharts(rows)]) {
    const svg = await renderSvg(chart.spec);
    writeFileSync(join(chartsDir, chart.file), svg);
    figures.push(svgFigure(svg, chart.caption));
  }
  const table = cellTable(manifest, rows);
  const expected = manifest.cells.length * manifest.seeds.length;
  const fewSeeds =
    manifest.seeds.length < MIN_RELIABLE_REPLICATIONS ? ` With fewer than ${MIN_RELIABLE_REPLICATIONS} seeds these intervals are unreliable (too narrow).` : "";
  const intro = `${manifest.description ?? ""} Base scenario ${manifest.scenarioFile}; ${manifest.cells.length} cells × ${manifest.seeds.length} seeds (${manifest.seeds.join(", ")}); ${rows.length} of ${expected} runs present. Whiskers, ± and (low .. high) are 95 % confidence intervals of the mean across seeds, kept inside each metric's range as in run --seeds: mean ± t for unbounded metrics, Cox's log-normal interval for positive ones with 5 or more seeds, the percentile bootstrap otherwise.${fewSeeds}`.trim();
  const html = htmlPage(`Sweep ${manifest.name}`, intro, [
    { heading: "Charts", html: figures.join("\n") },
    { heading: "Cells", html: htmlTable(table.header, table.rows) },
  ]);
  writeFileAtomically(join(outDir, sweepFiles.html), html);
}
