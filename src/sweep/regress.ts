/**
 * The CI gate (DESIGN §7): run every scenario of a baselines manifest and check its metrics
 * against the committed baseline with tolerances, or (`update`) record new baselines.
 */
import { dirname, isAbsolute, join } from "node:path";
import { mean } from "simple-statistics";
import { ScenarioError, message } from "../messages.js";
import { runReplications } from "../run/replications.js";
import { metricValues } from "../report/summary-metrics.js";
import { loadScenario } from "../scenario/load.js";
import { type BaselineEntry, type Tolerance, readBaseline, readBaselineManifest, writeBaseline } from "./baseline-manifest.js";

/** Outcome of one metric check. */
export type CheckStatus = "ok" | "improved" | "regressed";

/** One metric of one scenario, baseline vs now. */
export interface MetricCheck {
  /** The manifest entry. */
  name: string;
  /** Dotted path into summary.json. */
  path: string;
  /** The tolerance applied. */
  tolerance: Tolerance;
  /** Baseline value (mean over seeds; null when the metric was empty). */
  baseline: number | null;
  /** Value now. */
  now: number | null;
  /** The allowed deviation in the metric's unit. */
  allowed: number;
  /** Verdict. */
  status: CheckStatus;
}

/** Options of `runRegress`. */
export interface RegressOptions {
  /** The manifest file. */
  manifestFile: string;
  /** Where the runs are written (`<outDir>/<name>/seed<N>/`). */
  outDir: string;
  /** Rewrite the baselines instead of checking. */
  update?: boolean | undefined;
  /** Only these entries (default: all). */
  only?: readonly string[] | undefined;
  /** Called when an entry starts. */
  onEntry?: ((entry: BaselineEntry) => void) | undefined;
}

/** What `runRegress` found. */
export interface RegressResult {
  /** Every metric check (empty with `update`). */
  checks: MetricCheck[];
  /** Baseline files written (with `update`). */
  written: string[];
}

/** Judge one metric: the allowance is the larger of absolute and relative × |baseline|. */
export function judge(baseline: number | null, now: number | null, tolerance: Tolerance): { allowed: number; status: CheckStatus } {
  if (baseline === null || now === null) return { allowed: 0, status: baseline === now ? "ok" : "regressed" };
  const allowed = Math.max(tolerance.absolute, tolerance.relative * Math.abs(baseline));
  const delta = now - baseline;
  const worse = tolerance.direction === "lower-is-better" ? delta > allowed : tolerance.direction === "higher-is-better" ? -delta > allowed : Math.abs(delta) > allowed;
  if (worse) return { allowed, status: "regressed" };
  const better = tolerance.direction === "lower-is-better" ? -delta > allowed : tolerance.direction === "higher-is-better" ? delta > allowed : false;
  return { allowed, status: better ? "improved" : "ok" };
}

/** True when the dotted path names a field of the summary (its value may be null). */
function hasPath(summary: unknown, path: string): boolean {
  let node: unknown = summary;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object" || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return node === null || typeof node === "number";
}

/** Mean of a metric over summaries (null when no summary has it). */
function meanOf(summaries: readonly unknown[], path: string): number | null {
  const values = metricValues(summaries, path);
  return values.length === 0 ? null : mean(values);
}

/** Run the manifest's scenarios; check them against the baselines, or record the baselines. */
export async function runRegress(options: RegressOptions): Promise<RegressResult> {
  const { manifestFile } = options;
  const manifest = readBaselineManifest(manifestFile);
  const entries = manifest.baselines.filter((e) => options.only === undefined || options.only.length === 0 || options.only.includes(e.name));
  const checks: MetricCheck[] = [];
  const written: string[] = [];
  for (const entry of entries) {
    options.onEntry?.(entry);
    const scenarioFile = isAbsolute(entry.scenario) ? entry.scenario : join(dirname(manifestFile), entry.scenario);
    const scenario = loadScenario(scenarioFile, { set: entry.set, seed: entry.seed });
    const { runs } = await runReplications(scenario, scenarioFile, join(options.outDir, entry.name), { seeds: entry.seeds, report: false });
    const summaries = runs.map(({ run: _run, ...deterministic }) => deterministic);
    if (options.update === true) {
      const seeds = summaries.map((s) => s.seed);
      written.push(writeBaseline(manifestFile, { name: entry.name, scenario: entry.scenario, set: entry.set, seeds, summaries }));
      continue;
    }
    const baseline = readBaseline(manifestFile, entry.name);
    for (const [path, tolerance] of Object.entries(entry.metrics)) {
      const before = meanOf(baseline.summaries, path);
      const now = meanOf(summaries, path);
      if (!summaries.some((s) => hasPath(s, path))) throw new ScenarioError(message.regressMetricMissing(manifestFile, entry.name, path));
      checks.push({ name: entry.name, path, tolerance, baseline: before, now, ...judge(before, now, tolerance) });
    }
  }
  return { checks, written };
}

/** One line per regressed metric: `quickstart jobs.waitS.mean 132.9 -> 180.2 (+35.6 %, allowed ±13.29)`. */
export function regressionDetails(checks: readonly MetricCheck[]): string[] {
  const num = (v: number | null) => (v === null ? "null" : String(Number(v.toPrecision(6))));
  return checks
    .filter((c) => c.status === "regressed")
    .map((c) => {
      const rel = c.baseline !== null && c.now !== null && c.baseline !== 0 ? ` (${c.now >= c.baseline ? "+" : ""}${Number((((c.now - c.baseline) / Math.abs(c.baseline)) * 100).toPrecision(3))} %, ${c.tolerance.direction}, allowed ${num(c.allowed)})` : "";
      return `${c.name} ${c.path} ${num(c.baseline)} -> ${num(c.now)}${rel}`;
    });
}
