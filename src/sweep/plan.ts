import { dirname } from "node:path";
import { discardRows } from "../metrics/row-sink.js";
import { CheckFailedError, ScenarioError, message } from "../messages.js";
import { metricAt } from "../report/summary-metrics.js";
import { loadScenario } from "../scenario/load.js";
import { resolvePolicies } from "../run/resolve-policies.js";
import { simulate } from "../sim/simulate.js";

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
  /** True when every target holds. */
  meets: boolean;
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
async function checkTargetsExist(file: string, options: { vary: string; targets: readonly PlanTarget[]; max: number; set: readonly string[] }): Promise<void> {
  const probe = loadScenario(file, { set: [...options.set, `${options.vary}=${options.max}`, `horizon.durationS=${PROBE_HORIZON_S}`] });
  const policies = await resolvePolicies(probe, file, dirname(file));
  const summary = simulate(probe, policies, { jobs: discardRows, timeseries: discardRows });
  for (const t of options.targets) {
    if (!hasPath(summary, t.path)) throw new ScenarioError(message.planMetricMissing(t.text, t.path, Object.keys(summary).filter((k) => typeof (summary as unknown as Record<string, unknown>)[k] === "object")));
  }
}

/** Horizon of the shape probe, seconds: no work happens, the summary's blocks are all there. */
const PROBE_HORIZON_S = 1e-9;

/**
 * Capacity planning: the smallest value of an integer scenario field (a node count, a replica
 * count) in [min, max] for which every target holds, by binary search over runs (mean over seeds).
 * It assumes more capacity never makes a target worse. Throws CheckFailedError when even `max` fails.
 */
export async function planCapacity(
  file: string,
  options: { vary: string; targets: readonly PlanTarget[]; min: number; max: number; seeds: number; set: readonly string[] },
  onPoint: (point: PlanPoint) => void = () => {},
): Promise<{ size: number; points: PlanPoint[] }> {
  await checkTargetsExist(file, options);
  const points = new Map<number, PlanPoint>();
  const evaluate = async (size: number): Promise<PlanPoint> => {
    const known = points.get(size);
    if (known !== undefined) return known;
    const sums = new Map<string, { sum: number; n: number }>();
    const set = [...options.set, `${options.vary}=${size}`];
    const first = loadScenario(file, { set });
    const policies = await resolvePolicies(first, file, dirname(file));
    for (let k = 0; k < options.seeds; k++) {
      const scenario = k === 0 ? first : loadScenario(file, { set, seed: first.seed + k });
      const summary = simulate(scenario, policies, { jobs: discardRows, timeseries: discardRows });
      for (const t of options.targets) {
        const v = metricAt(summary, t.path);
        if (v === null) continue;
        const acc = sums.get(t.path) ?? { sum: 0, n: 0 };
        sums.set(t.path, { sum: acc.sum + v, n: acc.n + 1 });
      }
    }
    const metrics: Record<string, number | null> = {};
    for (const t of options.targets) {
      const acc = sums.get(t.path);
      metrics[t.path] = acc === undefined ? null : acc.sum / acc.n;
    }
    const meets = options.targets.every((t) => {
      const v = metrics[t.path];
      return v !== null && v !== undefined && (t.op === "<=" ? v <= t.value : v >= t.value);
    });
    const point = { size, metrics, meets };
    points.set(size, point);
    onPoint(point);
    return point;
  };
  if (!(await evaluate(options.max)).meets) {
    throw new CheckFailedError(message.planUnreachable(options.vary, options.max, options.targets.map((t) => t.text)));
  }
  let lo = options.min;
  let hi = options.max;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await evaluate(mid)).meets) hi = mid;
    else lo = mid + 1;
  }
  return { size: hi, points: [...points.values()].sort((a, b) => a.size - b.size) };
}
