import { dirname } from "node:path";
import type { ConfidenceInterval } from "../metrics/confidence.js";
import { discardRows } from "../metrics/row-sink.js";
import { CheckFailedError, ScenarioError, message } from "../messages.js";
import { metricInterval } from "../report/summary-metrics.js";
import { loadScenario } from "../scenario/load.js";
import { resolvePolicies } from "../run/resolve-policies.js";
import { simulate } from "../sim/simulate.js";
import { type PlanCost, planCost } from "./plan-cost.js";

/** A target a plan must meet: a summary metric at most or at least a value. */
export interface PlanTarget {
  /** Dotted summary path, e.g. `requests.ttftS.p99`. */
  path: string;
  /** `<=`: lower is better; `>=`: higher is better. */
  op: "<=" | ">=";
  /** The bound. */
  value: number;
  /** The expression as written. */
  text: string;
}

/** One evaluated fleet size. */
export interface PlanPoint {
  /** The value of the varied field. */
  size: number;
  /** Metric values (mean over seeds) by target path. */
  metrics: Record<string, number | null>;
  /** Mean and 95 % confidence interval over seeds by target path (metrics/confidence.ts, range-aware). */
  intervals: Record<string, ConfidenceInterval>;
  /** True when every target holds on the mean. */
  meets: boolean;
  /**
   * True when every target holds on the interval's far end (upper end for `<=`, lower for `>=`),
   * false when one does not, null when an interval is missing (fewer than 2 seeds).
   */
  meetsWithConfidence: boolean | null;
  /** Cost of the fleet (mean over seeds), null when the summary has no cost block. */
  cost: PlanCost | null;
}

/** What to search: the varied field, its range, the targets, seeds per candidate and other overrides. */
export interface PlanOptions {
  vary: string;
  targets: readonly PlanTarget[];
  min: number;
  max: number;
  seeds: number;
  set: readonly string[];
}

/** Outcome of a search: the smallest meeting value (null when even `max` misses) and every candidate. */
export interface PlanSearch {
  answer: number | null;
  /** Evaluated candidates, by size. */
  points: PlanPoint[];
  /** The seeds every candidate ran (the scenario's seed, +1, ...). */
  seeds: number[];
}

/** Parse `path<=value` / `path>=value`. */
export function parseTarget(text: string): PlanTarget {
  const match = /^([A-Za-z0-9_.]+)\s*(<=|>=)\s*(-?[0-9.eE+-]+)$/.exec(text.trim());
  if (match === null || !Number.isFinite(Number(match[3]))) throw new ScenarioError(message.planTarget(text));
  return { path: match[1] as string, op: match[2] as "<=" | ">=", value: Number(match[3]), text };
}

/** True when `path` names a field of the summary (a number, or a statistic still null for lack of samples). */
function hasPath(summary: unknown, path: string): boolean {
  let node: unknown = summary;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return node === null || typeof node === "number";
}

/**
 * Every target must name a metric this scenario's summary has (`requests.*` needs a service, ...):
 * a probe at the largest size stopped at t = 0 yields the summary's shape at almost no cost, so a
 * misspelled or absent metric is bad input (exit 2) before the search runs anything.
 */
export async function checkTargetsExist(file: string, options: { vary: string; targets: readonly PlanTarget[]; max: number; set: readonly string[] }): Promise<void> {
  const probe = loadScenario(file, { set: [...options.set, `${options.vary}=${options.max}`, `horizon.durationS=${PROBE_HORIZON_S}`] });
  const policies = await resolvePolicies(probe, file, dirname(file));
  const summary = simulate(probe, policies, { jobs: discardRows, timeseries: discardRows });
  for (const t of options.targets) {
    if (!hasPath(summary, t.path)) throw new ScenarioError(message.planMetricMissing(t.text, t.path, Object.keys(summary).filter((k) => typeof (summary as unknown as Record<string, unknown>)[k] === "object")));
  }
}

/** Horizon of the shape probe, seconds: no work happens, the summary's blocks are all there. */
const PROBE_HORIZON_S = 1e-9;

/** True when `value` meets `target`. */
function holds(target: PlanTarget, value: number | null): boolean {
  return value !== null && (target.op === "<=" ? value <= target.value : value >= target.value);
}

/** True/false when the interval's far end meets `target`, null when there is no interval. */
function holdsWithConfidence(target: PlanTarget, ci: ConfidenceInterval): boolean | null {
  if (ci.ciLow === null || ci.ciHigh === null) return null;
  return target.op === "<=" ? ci.ciHigh <= target.value : ci.ciLow >= target.value;
}

/** All true: true; any false: false; otherwise null. */
function allOf(values: readonly (boolean | null)[]): boolean | null {
  if (values.some((v) => v === false)) return false;
  return values.every((v) => v === true) ? true : null;
}

/**
 * Capacity planning: the smallest value of an integer scenario field (a node count, a replica
 * count) in [min, max] for which every target holds on the mean over seeds, by binary search over
 * runs. It assumes more capacity never makes a target worse. `answer` is null when even `max` fails.
 * The caller checks the targets first (checkTargetsExist).
 */
export async function searchCapacity(file: string, options: PlanOptions, onPoint: (point: PlanPoint) => void = () => {}): Promise<PlanSearch> {
  const points = new Map<number, PlanPoint>();
  let seeds: number[] = [];
  const evaluate = async (size: number): Promise<PlanPoint> => {
    const known = points.get(size);
    if (known !== undefined) return known;
    const set = [...options.set, `${options.vary}=${size}`];
    const first = loadScenario(file, { set });
    const policies = await resolvePolicies(first, file, dirname(file));
    seeds = Array.from({ length: options.seeds }, (_, k) => first.seed + k);
    const summaries: unknown[] = [];
    for (const [k, seed] of seeds.entries()) {
      const scenario = k === 0 ? first : loadScenario(file, { set, seed });
      summaries.push(simulate(scenario, policies, { jobs: discardRows, timeseries: discardRows }));
    }
    const metrics: Record<string, number | null> = {};
    const intervals: Record<string, ConfidenceInterval> = {};
    for (const t of options.targets) {
      const ci = metricInterval(summaries, t.path);
      intervals[t.path] = ci;
      metrics[t.path] = ci.mean;
    }
    const point: PlanPoint = {
      size,
      metrics,
      intervals,
      meets: options.targets.every((t) => holds(t, metrics[t.path] ?? null)),
      meetsWithConfidence: allOf(options.targets.map((t) => holdsWithConfidence(t, intervals[t.path] as ConfidenceInterval))),
      cost: planCost(summaries),
    };
    points.set(size, point);
    onPoint(point);
    return point;
  };
  const sorted = () => [...points.values()].sort((a, b) => a.size - b.size);
  if (!(await evaluate(options.max)).meets) return { answer: null, points: sorted(), seeds };
  let lo = options.min;
  let hi = options.max;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await evaluate(mid)).meets) hi = mid;
    else lo = mid + 1;
  }
  return { answer: hi, points: sorted(), seeds };
}

/**
 * Capacity planning (searchCapacity after checking the targets): the smallest meeting value and the
 * candidates. Throws ScenarioError on a target the summary lacks and CheckFailedError when even
 * `max` fails.
 */
export async function planCapacity(file: string, options: PlanOptions, onPoint: (point: PlanPoint) => void = () => {}): Promise<{ size: number; points: PlanPoint[] }> {
  await checkTargetsExist(file, options);
  const { answer, points } = await searchCapacity(file, options, onPoint);
  if (answer === null) throw new CheckFailedError(message.planUnreachable(options.vary, options.max, options.targets.map((t) => t.text)));
  return { size: answer, points };
}
