/**
 * The physical range of each summary.json metric, by its dotted path, so replication intervals
 * stay inside it (confidence.ts `rangedConfidence`): slowdowns are >= 1, fractions and indices lie
 * in [0, 1], times, counts, bytes, energy and money are >= 0. Unknown metrics are unbounded.
 */
import type { MetricRange } from "../metrics/confidence.js";

/** Leaf or segment names whose values lie in [0, 1]. */
const UNIT = /(Fraction|Utilization|Attainment|availability|goodput|probWait|share|jainFairness|jainRawGpuHours)$/;

/** Segments of non-negative quantities: times (…S), counts, sizes, energy, money, percentages. */
const NONNEGATIVE =
  /(S|count|mean|p50|p90|p95|p99|max|submitted|completed|rejected|failed|unfinished|events|total|bytesMoved|links|kWh|KW|Usd|GpuHours|gpuHours|Gpus|gpus|Pct\w*|PerS|Tokens|tokens|restarts|interruptions|weight|quotaGpus|fairShareRatio|n)$/;

/** The range of the metric at `path` (e.g. `jobs.slowdown.p99` → at-least-one). */
export function metricRange(path: string): MetricRange {
  const keys = path.split(".");
  if (keys.includes("slowdown")) return "at-least-one";
  const leaf = keys[keys.length - 1] ?? "";
  if (UNIT.test(leaf) || keys.slice(0, -1).some((k) => /(Fraction|Utilization)$/.test(k))) return "unit";
  // Stats objects of a time (`waitS.p50`) or any non-negative leaf.
  if (keys.some((k) => /S$/.test(k) && k.length > 1) || NONNEGATIVE.test(leaf)) return "nonnegative";
  return "unbounded";
}
