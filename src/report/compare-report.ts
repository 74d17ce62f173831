/**
 * Outputs of `gpufleet compare`: compare.csv (every metric per run with its CI, and its difference
 * from the first run: paired by seed or Welch, interval and p-value), charts/*.svg (CDF overlays of wait and JCT from jobs.csv, bars with
 * CI whiskers) and a self-contained compare.html.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { SIGNIFICANCE_LEVEL } from "../metrics/confidence.js";
import { ScenarioError, message } from "../messages.js";
import { type CdfSeries, ciBarChart, cdfChart, cdfPoints } from "./ci-charts.js";
import { type MetricComparison, type RunGroup, comparisonMethods } from "./compare-runs.js";
import { renderSvg } from "./render-svg.js";
import { fileSlug, htmlPage, htmlTable, svgFigure } from "./simple-page.js";
import { keyMetrics } from "./summary-metrics.js";
import { runFiles } from "./run-files.js";

/** Files `gpufleet compare` writes. */
export const compareFiles = { csv: "compare.csv", html: "compare.html", charts: "charts" } as const;

/** Metrics drawn as bar charts. */
const barMetricPaths = ["jobs.waitS.mean", "jobs.waitS.p99", "jobs.jctS.mean", "jobs.slowdown.mean", "jobs.probWait", "gpus.allocatedFraction"];

/** compare.csv text: one row per metric × run; the difference columns compare each run with the first. */
export function compareCsv(groups: readonly RunGroup[], comparisons: readonly MetricComparison[]): string {
  const header = ["metric", "run", "dir", "n", "mean", "sd", "ciLow", "ciHigh", "diffVsFirst", "pValue", "significant", "interval", "test", "diffLow", "diffHigh", "diffExcludesZero"];
  const rows = comparisons.flatMap((c) =>
    c.stats.map((s, i) => {
      const g = groups[i] as RunGroup;
      const d = s.diff;
      return [
        c.path, g.label, g.dir, s.ci.n, s.ci.mean ?? "", s.ci.sd ?? "", s.ci.ciLow ?? "", s.ci.ciHigh ?? "",
        d?.meanDiff ?? "", s.pValue ?? "", i === 0 || s.pValue === null ? "" : s.significant,
        s.ci.method ?? "", d?.method ?? "", d?.ciLow ?? "", d?.ciHigh ?? "", d === null || d.ciLow === null ? "" : d.excludesZero,
      ];
    }),
  );
  return stringify([header, ...rows], { cast: { number: (v: number) => String(v), boolean: (v: boolean) => String(v) } });
}

/** One sentence per later group: how it was compared with the first (paired by seed or Welch). */
export function comparisonMethodText(groups: readonly RunGroup[]): string {
  const methods = comparisonMethods(groups);
  const first = groups[0]?.label ?? "";
  return groups
    .flatMap((g, i) => {
      const m = methods[i];
      if (m === null || m === undefined) return [];
      return [m === "paired-t" ? `${g.label} vs ${first}: paired by seed (${g.runDirs.length} shared seeds, common random numbers; t on per-seed differences)` : `${g.label} vs ${first}: unpaired (different seeds; Welch's t)`];
    })
    .join("; ");
}

/** Completed jobs' wait and JCT (seconds) of the runs of a group, after each run's warm-up. */
export function jobLatencies(group: RunGroup): { waitS: number[]; jctS: number[] } {
  const waitS: number[] = [];
  const jctS: number[] = [];
  for (const runDir of group.runDirs) {
    const file = join(runDir, runFiles.jobs);
    if (!existsSync(file)) continue;
    let warmupS = 0;
    const resolved = join(runDir, runFiles.resolvedScenario);
    if (existsSync(resolved)) warmupS = Number((JSON.parse(readFileSync(resolved, "utf8")) as { horizon?: { warmupS?: number } }).horizon?.warmupS ?? 0);
    let records: Record<string, string>[];
    try {
      records = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    } catch (error) {
      throw new ScenarioError(message.csvInvalid(file, (error as Error).message));
    }
    for (const r of records) {
      if (r.status !== "completed" || Number(r.submitS) < warmupS) continue;
      waitS.push(Number(r.waitS));
      jctS.push(Number(r.jctS));
    }
  }
  return { waitS, jctS };
}

/** Write compare.csv, charts/*.svg and compare.html into `outDir`; returns the chart files. */
export async function writeCompareOutputs(outDir: string, groups: readonly RunGroup[], comparisons: readonly MetricComparison[]): Promise<string[]> {
  const chartsDir = join(outDir, compareFiles.charts);
  mkdirSync(chartsDir, { recursive: true });
  writeFileSync(join(outDir, compareFiles.csv), compareCsv(groups, comparisons));

  const latencies = groups.map(jobLatencies);
  const series = (pick: "waitS" | "jctS"): CdfSeries[] =>
    groups.map((g, i) => ({ label: g.label, points: cdfPoints([...(latencies[i]?.[pick] ?? [])].sort((a, b) => a - b)) }));
  const charts: { file: string; caption: string; spec: ReturnType<typeof cdfChart> }[] = [
    { file: "cdf-wait.svg", caption: "CDF of job wait (completed jobs after warm-up, all seeds pooled)", spec: cdfChart("Job wait CDF", "wait (s)", series("waitS")) },
    { file: "cdf-jct.svg", caption: "CDF of job completion time (log scale)", spec: cdfChart("JCT CDF", "JCT (s)", series("jctS"), true) },
  ];
  for (const m of keyMetrics.filter((k) => barMetricPaths.includes(k.path))) {
    const comparison = comparisons.find((c) => c.path === m.path);
    if (comparison === undefined) continue;
    const bars = comparison.stats.flatMap((s, i) => (s.ci.mean === null ? [] : [{ label: `${groups[i]?.label ?? ""}${s.significant ? " *" : ""}`, mean: s.ci.mean, ciLow: s.ci.ciLow, ciHigh: s.ci.ciHigh }]));
    const yTitle = m.unit === "" ? m.label : `${m.label} (${m.unit})`;
    charts.push({ file: `bar-${fileSlug(m.path)}.svg`, caption: `${m.label}: mean with 95 % CI over seeds; * differs from ${groups[0]?.label} at 5 %`, spec: ciBarChart(m.label, yTitle, bars) });
  }

  const figures: string[] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    writeFileSync(join(chartsDir, chart.file), svg);
    figures.push(svgFigure(svg, chart.caption));
  }
  const fmt = (v: number | null) => (v === null ? "-" : String(Number(v.toPrecision(4))));
  const tableRows = comparisons
    .filter((c) => keyMetrics.some((k) => k.path === c.path))
    .map((c) => [c.path, ...c.stats.map((s) => `${fmt(s.ci.mean)}${s.ci.ciLow === null || s.ci.ciHigh === null ? "" : ` ± ${fmt((s.ci.ciHigh - s.ci.ciLow) / 2)}`}${s.significant ? " *" : ""}`)]);
  const methodText = comparisonMethodText(groups);
  const intro = `Runs: ${groups.map((g) => `${g.label} (${g.dir}, ${g.runDirs.length} seed${g.runDirs.length === 1 ? "" : "s"})`).join("; ")}. ± is half the 95 % confidence interval across seeds, built inside each metric's range (the interval column of ${compareFiles.csv}: t, log-normal-cox or bootstrap-percentile); * marks a difference from ${groups[0]?.label} significant at ${SIGNIFICANCE_LEVEL * 100} %: paired t on per-seed differences where runs share seeds, Welch's t-test otherwise.${methodText === "" ? "" : ` ${methodText}.`}`;
  const html = htmlPage("gpufleet compare", intro, [
    { heading: "Key metrics", html: htmlTable(["metric", ...groups.map((g) => g.label)], tableRows) },
    { heading: "Charts", html: figures.join("\n") },
  ]);
  writeFileSync(join(outDir, compareFiles.html), html);
  return charts.map((c) => c.file);
}
