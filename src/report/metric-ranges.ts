/**
 * The physical range of each summary.json metric, by its dotted path, so replication intervals
 * stay inside it (confidence.ts `rangedConfidence`): slowdowns and PUE are >= 1, fractions and
 * indices lie in [0, 1], times, counts, bytes, energy and money are >= 0. The first rule that
 * matches decides; unknown metrics are unbounded (mean ± t).
 */
import type { MetricRange } from "../metrics/confidence.js";

/** One row of the table: a test on the path's keys and the range it implies. */
interface RangeRule {
  /** What the rule covers (documentation only). */
  what: string;
  /** True when the rule applies to the metric whose dotted path split into `keys`. */
  test: (keys: readonly string[], leaf: string) => boolean;
  range: MetricRange;
}

/** Leaf names of non-negative counts and sizes that carry no unit suffix. */
const COUNT_LEAF =
  /^(count|submitted|completed|rejected|failed|unfinished|events|total|links|restarts|interruptions|preemptions|retries|iterations|weight|n)$|(Gpus|gpus|Tokens|tokens|Replicas|InSystem|Moved)$/;

/** Leaf names of quantities with a unit: seconds, energy, power, money, GPU-hours, rates, percentages. */
const UNIT_LEAF = /(S|kWh|KWh|KW|Usd|GpuHours|gpuHours|PerS|Pct\w*|Ratio)$/;

/** Leaf names of fractions and indices in [0, 1]. */
const FRACTION_LEAF = /(Fraction|Utilization|Attainment|availability|goodput|probWait|share|jainFairness|jainRawGpuHours)$/;

/** Statistics of a distribution (`waitS.p99`): they share the range of the quantity they describe. */
const STAT_LEAF = /^(mean|min|max|p\d+)$/;

/** The table, in order. */
const RULES: readonly RangeRule[] = [
  // Counts first: `slowdown.count` is a count, not a slowdown.
  { what: "counts of a distribution's values", test: (_k, leaf) => leaf === "count", range: "nonnegative" },
  { what: "slowdowns (JCT over run time)", test: (keys) => keys.includes("slowdown"), range: "at-least-one" },
  { what: "power usage effectiveness", test: (_k, leaf) => leaf === "pue", range: "at-least-one" },
  { what: "fractions, attainments, shares, Jain indices", test: (_k, leaf) => FRACTION_LEAF.test(leaf), range: "unit" },
  { what: "statistics of a fraction (`busyFraction.p99`)", test: (keys, leaf) => STAT_LEAF.test(leaf) && /(Fraction|Utilization)$/.test(keys[keys.length - 2] ?? ""), range: "unit" },
  { what: "statistics of a time (`waitS.p50`) or a size (`batchSize.mean`)", test: (keys, leaf) => STAT_LEAF.test(leaf) && keys.length > 1, range: "nonnegative" },
  { what: "failure event counts by target (`failures.events.gpu`)", test: (keys) => keys[0] === "failures" && keys[1] === "events", range: "nonnegative" },
  { what: "counts and sizes", test: (_k, leaf) => COUNT_LEAF.test(leaf), range: "nonnegative" },
  { what: "times, energy, power, money, GPU-hours, rates, percentages", test: (_k, leaf) => UNIT_LEAF.test(leaf) && leaf.length > 1, range: "nonnegative" },
];

/** The range of the metric at `path` (e.g. `jobs.slowdown.p99` → at-least-one). */
export function metricRange(path: string): MetricRange {
  const keys = path.split(".");
  const leaf = keys[keys.length - 1] ?? "";
  return RULES.find((r) => r.test(keys, leaf))?.range ?? "unbounded";
}
