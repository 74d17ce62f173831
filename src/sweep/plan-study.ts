/**
 * A planning study (`gpufleet plan`, issue 15): the capacity search once, or once per GPU type
 * (--compare-gpus), and the `plan.json` document: the answer, every candidate with its metric
 * means, 95 % confidence intervals and cost, and with GPU types the cheapest fleet that meets the
 * targets. Bad input (a target the summary lacks, an unknown GPU, a --vary that is not a node
 * group with --compare-gpus) is found before any run.
 */
import type { ConfidenceInterval } from "../metrics/confidence.js";
import { CONFIDENCE_LEVEL } from "../metrics/confidence.js";
import { round } from "../metrics/stats.js";
import type { GpuName } from "../model/gpus.js";
import { loadScenario } from "../scenario/load.js";
import type { PlanCost } from "./plan-cost.js";
import { gpuOverrides } from "./plan-gpus.js";
import { checkTargetsExist, type PlanOptions, type PlanPoint, type PlanTarget, searchCapacity } from "./plan.js";

/** One target metric at one candidate in plan.json. */
export interface PlanMetricJson {
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Seeds with a value. */
  n: number;
  /** The mean meets the target. */
  meets: boolean;
  /** The interval's far end meets it (null without an interval). */
  meetsWithConfidence: boolean | null;
}

/** One candidate in plan.json. */
export interface PlanCandidateJson {
  /** Value of the varied field. */
  value: number;
  /** Every target holds on the mean (the search decides on this). */
  meets: boolean;
  /** Every target holds on the interval's far end; null when an interval is missing. */
  meetsWithConfidence: boolean | null;
  /** By target path. */
  metrics: Record<string, PlanMetricJson>;
  /** Fleet cost (means over seeds), null without a cost block. */
  cost: PlanCost | null;
}

/** The search for one GPU type in plan.json. */
export interface PlanGpuJson {
  gpu: GpuName;
  /** `--set` overrides that put the GPU in place. */
  overrides: string[];
  answer: number | null;
  /** The answer's cost per 30-day month, USD (null when none meets). */
  usdPerMonth: number | null;
  candidates: PlanCandidateJson[];
}

/** The `plan.json` document. */
export interface PlanStudy {
  scenario: string;
  vary: string;
  min: number;
  max: number;
  targets: PlanTarget[];
  seeds: number[];
  confidenceLevel: number;
  /** Smallest value meeting every target on the mean (with GPU types: the cheapest type's), null when none. */
  answer: number | null;
  /** The GPU type of `answer` with --compare-gpus, else null. */
  gpu: GpuName | null;
  /** Candidates of the search that gave `answer`. */
  candidates: PlanCandidateJson[];
  /** One search per GPU type (--compare-gpus only). */
  compareGpus?: PlanGpuJson[];
  /** The GPU type whose meeting fleet costs least per month (--compare-gpus only; null when none meets). */
  cheapest?: { gpu: GpuName; answer: number; usdPerMonth: number | null } | null;
  /** Wall-clock of the study (the only part that differs between identical runs). */
  run: { wallS: number };
}

/** Options of a study: a search, and optionally GPU types to compare. */
export interface PlanStudyOptions extends PlanOptions {
  compareGpus?: readonly GpuName[];
}

/** A number for plan.json: 9 significant digits (as summary.json). */
function r(value: number | null): number | null {
  return value === null ? null : round(value);
}

/** A cost block with rounded numbers. */
function roundCost(cost: PlanCost | null): PlanCost | null {
  if (cost === null) return null;
  return Object.fromEntries(Object.entries(cost).map(([k, v]) => [k, round(v)])) as unknown as PlanCost;
}

/** A point as plan.json writes it. */
function candidateJson(point: PlanPoint, targets: readonly PlanTarget[]): PlanCandidateJson {
  const metrics: Record<string, PlanMetricJson> = {};
  for (const t of targets) {
    const ci = point.intervals[t.path] as ConfidenceInterval;
    const mean = ci.mean;
    metrics[t.path] = {
      mean: r(mean),
      ciLow: r(ci.ciLow),
      ciHigh: r(ci.ciHigh),
      n: ci.n,
      meets: mean !== null && (t.op === "<=" ? mean <= t.value : mean >= t.value),
      meetsWithConfidence: ci.ciLow === null || ci.ciHigh === null ? null : t.op === "<=" ? ci.ciHigh <= t.value : ci.ciLow >= t.value,
    };
  }
  return { value: point.size, meets: point.meets, meetsWithConfidence: point.meetsWithConfidence, metrics, cost: roundCost(point.cost) };
}

/** Monthly cost at `answer` among `candidates`. */
function monthlyAt(candidates: readonly PlanCandidateJson[], answer: number | null): number | null {
  return answer === null ? null : (candidates.find((c) => c.value === answer)?.cost?.usdPerMonth ?? null);
}

/**
 * Run the study. `onPoint` sees every evaluated candidate (with its GPU type under --compare-gpus)
 * for progress lines. Everything that can be checked without a run is checked first.
 */
export async function runPlanStudy(file: string, options: PlanStudyOptions, onPoint: (gpu: GpuName | null, point: PlanPoint) => void = () => {}): Promise<PlanStudy> {
  const startedMs = performance.now();
  const gpus = options.compareGpus ?? [];
  // Before any run: every GPU's overrides load at the largest size, then the targets exist.
  const overridesByGpu = gpus.map((gpu) => {
    const overrides = gpuOverrides(file, options.vary, options.set, gpu);
    loadScenario(file, { set: [...options.set, ...overrides, `${options.vary}=${options.max}`] });
    return overrides;
  });
  await checkTargetsExist(file, options);
  const base = {
    scenario: file,
    vary: options.vary,
    min: options.min,
    max: options.max,
    targets: options.targets.map((t) => ({ ...t })),
    confidenceLevel: CONFIDENCE_LEVEL,
  };
  if (gpus.length === 0) {
    const search = await searchCapacity(file, options, (p) => onPoint(null, p));
    const candidates = search.points.map((p) => candidateJson(p, options.targets));
    return { ...base, seeds: search.seeds, answer: search.answer, gpu: null, candidates, run: { wallS: (performance.now() - startedMs) / 1000 } };
  }
  const compareGpus: PlanGpuJson[] = [];
  let seeds: number[] = [];
  for (const [i, gpu] of gpus.entries()) {
    const overrides = overridesByGpu[i] as string[];
    const search = await searchCapacity(file, { ...options, set: [...options.set, ...overrides] }, (p) => onPoint(gpu, p));
    seeds = search.seeds;
    const candidates = search.points.map((p) => candidateJson(p, options.targets));
    compareGpus.push({ gpu, overrides, answer: search.answer, usdPerMonth: monthlyAt(candidates, search.answer), candidates });
  }
  // Cheapest meeting fleet; without a cost block, the first GPU type that meets.
  let best: PlanGpuJson | null = null;
  for (const g of compareGpus) {
    if (g.answer === null) continue;
    if (best === null || (g.usdPerMonth !== null && (best.usdPerMonth === null || g.usdPerMonth < best.usdPerMonth))) best = g;
  }
  return {
    ...base,
    seeds,
    answer: best?.answer ?? null,
    gpu: best?.gpu ?? null,
    candidates: best?.candidates ?? [],
    compareGpus,
    cheapest: best === null || best.answer === null ? null : { gpu: best.gpu, answer: best.answer, usdPerMonth: best.usdPerMonth },
    run: { wallS: (performance.now() - startedMs) / 1000 },
  };
}
