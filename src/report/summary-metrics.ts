/**
 * Metrics of summary.json addressed by dotted paths (`jobs.waitS.mean`), the key metrics that
 * tables and CSVs show, and the `replications` block: every numeric metric over seeds as mean ± CI.
 */
import { type ConfidenceInterval, rangedConfidence } from "../metrics/confidence.js";
import { metricRange } from "./metric-ranges.js";

/** A JSON value as read back from summary.json. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Top-level fields that are not metrics: the wall-clock block and the seed itself. */
export const NON_METRIC_FIELDS: readonly string[] = ["run", "seed", "replications", "seeds"];

/** A metric shown in tables, CSVs and charts. */
export interface KeyMetric {
  /** Dotted path in summary.json. */
  path: string;
  /** Short label for tables and chart titles. */
  label: string;
  /** Unit for axis titles ("" for counts and fractions). */
  unit: string;
}

/** The metrics that sweep.csv, compare and the printed tables show, in order. */
export const keyMetrics: readonly KeyMetric[] = [
  { path: "jobs.completed", label: "jobs completed", unit: "" },
  { path: "jobs.waitS.mean", label: "wait mean", unit: "s" },
  { path: "jobs.waitS.p50", label: "wait p50", unit: "s" },
  { path: "jobs.waitS.p99", label: "wait p99", unit: "s" },
  { path: "jobs.jctS.mean", label: "JCT mean", unit: "s" },
  { path: "jobs.jctS.p99", label: "JCT p99", unit: "s" },
  { path: "jobs.slowdown.mean", label: "slowdown mean", unit: "x" },
  { path: "jobs.probWait", label: "P(wait)", unit: "" },
  { path: "gpus.allocatedFraction", label: "allocated fraction", unit: "" },
  { path: "gpus.busyFraction", label: "busy fraction", unit: "" },
  { path: "failures.reexecutedGpuHours", label: "re-executed GPU-h", unit: "GPU-h" },
  { path: "failures.goodput", label: "goodput", unit: "" },
  { path: "failures.availability", label: "availability", unit: "" },
  { path: "fill.unallocatedPctAt100", label: "unallocated GPU at 100 % arrived", unit: "%" },
  { path: "fill.fragmentationPctAt100", label: "fragmented GPU at 100 % arrived", unit: "%" },
  { path: "events", label: "events", unit: "" },
];

/** The value at a dotted path, when it is a finite number; null otherwise. */
export function metricAt(summary: unknown, path: string): number | null {
  let node: unknown = summary;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "number" && Number.isFinite(node) ? node : null;
}

/** Every numeric leaf of a summary by dotted path, in document order (skipping non-metric fields). */
export function numericMetrics(summary: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (node: unknown, prefix: string): void => {
    if (typeof node === "number") {
      if (Number.isFinite(node)) out.set(prefix, node);
      return;
    }
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (prefix === "" && NON_METRIC_FIELDS.includes(key)) continue;
      walk(value, prefix === "" ? key : `${prefix}.${key}`);
    }
  };
  walk(summary, "");
  return out;
}

/** All metric paths of several summaries, first-seen order. */
export function metricPaths(summaries: readonly unknown[]): string[] {
  const paths = new Set<string>();
  for (const s of summaries) for (const path of numericMetrics(s).keys()) paths.add(path);
  return [...paths];
}

/** Values of one metric across summaries (summaries where it is missing or null are skipped). */
export function metricValues(summaries: readonly unknown[], path: string): number[] {
  return summaries.map((s) => metricAt(s, path)).filter((v): v is number => v !== null);
}

/** The 95 % interval of one metric's mean across per-seed summaries, inside its physical range (metric-ranges.ts). */
export function metricInterval(summaries: readonly unknown[], path: string): ConfidenceInterval {
  return rangedConfidence(metricValues(summaries, path), metricRange(path));
}

/** A nested object mirroring summary.json with `{mean, ciLow, ciHigh, sd, n, method}` at every numeric leaf (`method` where n >= 2). */
export type ReplicationsBlock = { [key: string]: ReplicationsBlock | ConfidenceInterval };

/** The `replications` block for per-seed summaries: every numeric metric as mean and 95 % CI inside its physical range (metric-ranges.ts). */
export function replicationsBlock(summaries: readonly unknown[]): ReplicationsBlock {
  const block: ReplicationsBlock = {};
  for (const path of metricPaths(summaries)) {
    const keys = path.split(".");
    let node = block;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as ReplicationsBlock;
    }
    node[keys[keys.length - 1] as string] = roundInterval(metricInterval(summaries, path));
  }
  return block;
}

/** Round an interval's figures to 9 significant digits, as summary.json does. */
export function roundInterval(ci: ConfidenceInterval): ConfidenceInterval {
  const r = (v: number | null) => (v === null || v === 0 ? v : Number(v.toPrecision(9)));
  const rounded: ConfidenceInterval = { mean: r(ci.mean), ciLow: r(ci.ciLow), ciHigh: r(ci.ciHigh), sd: r(ci.sd), n: ci.n };
  if (ci.method !== undefined) rounded.method = ci.method;
  return rounded;
}

/** A JSON value for CSV cells and labels: numbers and strings as is, anything else as JSON. */
export function cellText(value: unknown): string | number {
  if (typeof value === "number" || typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  return JSON.stringify(value) ?? "";
}
