import { RngStreams } from "../engine/rng.js";
import { ScenarioError, message } from "../messages.js";
import type { RowSink } from "../metrics/row-sink.js";
import { round } from "../metrics/stats.js";
import { freeStateOf, nodeFragmentMilli } from "../model/fragmentation.js";
import type { GpuName } from "../model/gpus.js";
import { WHOLE_GPU_MILLI } from "../model/resources.js";
import { targetWorkloadOf } from "../model/target-workload.js";
import { isTargetAware } from "../policies/placement/fgd.js";
import type { JobView, Placement, PlacementPolicy } from "../policies/types.js";
import { type Experiment, type FillExperiment, fillExperimentSchema } from "../scenario/experiment-schema.js";
import { PolicyViolationError } from "./cluster-scheduler.js";
import { VersionedCluster } from "./fill-cluster.js";
import { type FillWorkload, fillPopulation, sampleArrivals } from "./fill-population.js";

/** Columns of fill.csv (DESIGN §6). */
export const fillColumns = ["arrivedPct", "allocatedPct", "fragmentationPct"] as const;

/** Where the fill experiment's table goes. */
export interface FillSinks {
  /** fill.csv rows. */
  fill: RowSink;
}

/** What runFill reads of a scenario (a validated scenario with `experiment: fill`). */
export interface FillScenario {
  name: string;
  seed: number;
  cluster: { nodes: readonly { count: number; gpu: GpuName; gpusPerNode: number; name?: string | undefined; cpuMilli?: number | undefined; memoryMiB?: number | undefined }[] };
  workloads: readonly FillWorkload[];
  experiment?: Experiment | undefined;
}

/** summary.json of a fill experiment: the `fill` block and counts. */
export interface FillSummary {
  scenario: string;
  seed: number;
  /** Placement policy name. */
  policy: string;
  /** GPUs in the cluster. */
  gpus: { total: number };
  /** Pods in the trace population, arrived (sampled), placed and failed (unschedulable when they arrived). */
  pods: { population: number; arrived: number; placed: number; failed: number };
  fill: {
    /** The experiment's workload ratio (arrived GPU request / capacity at the end). */
    workloadRatio: number;
    /** Task classes in the target workload. */
    targetClasses: number;
    /**
     * GPU capacity left unallocated at 100 % arrived workload, in % (null below): as the study
     * computes it (experiments/analysis/merge_alloc_discrete.py), 100 minus the mean allocated %
     * over the pods after which the arrived workload rounds to 100 % (to 99-101 % when none does;
     * on a cluster so small that no pod lands there, at the first pod that reaches 100 %).
     */
    unallocatedPctAt100: number | null;
    /** Fragmented GPU share at 100 % arrived workload, in % of capacity (null below). */
    fragmentationPctAt100: number | null;
    /** Allocated GPU share when all pods have arrived, in % of capacity. */
    allocatedPctAtEnd: number;
    /** Arrived workload when the first pod failed, in % of capacity (null when none failed). */
    firstFailureArrivedPct: number | null;
  };
}

function settingsOf(experiment: Experiment | undefined): FillExperiment {
  return experiment ?? fillExperimentSchema.parse({ mode: "fill" });
}

/**
 * The fill experiment of the GPU-sharing study (Weng et al., ATC '23, section 6): pods drawn with
 * replacement from the workloads' pods until their GPU request reaches `workloadRatio` x the
 * cluster's GPU capacity, shuffled, then placed one at a time by `policy` on an empty cluster and
 * never removed; a pod that does not fit when it arrives fails. At every `stepPct` % of arrived
 * workload (GPU request of the pods arrived so far / capacity), fill.csv gets the allocated GPU
 * share and the cluster's fragmentation F(M) (both in % of capacity) for the target workload M.
 * Deterministic for the scenario's seed.
 */
export function runFill(scenario: FillScenario, policy: PlacementPolicy, sinks: FillSinks): FillSummary {
  const settings = settingsOf(scenario.experiment);
  const rng = new RngStreams(scenario.seed);
  const cluster = new VersionedCluster(
    scenario.cluster.nodes.map((g) => ({ count: g.count, gpu: g.gpu, gpusPerNode: g.gpusPerNode, namePrefix: g.name, cpuMilli: g.cpuMilli, memoryMiB: g.memoryMiB })),
  );
  const capacityMilli = cluster.totalGpus * WHOLE_GPU_MILLI;
  if (capacityMilli === 0) throw new ScenarioError(message.fillNoGpus(scenario.name));
  const population = fillPopulation(scenario.workloads, rng);
  if (!population.some((p) => p.gpus > 0)) throw new ScenarioError(message.fillNoPods(scenario.name));
  const target = targetWorkloadOf(population, settings.target);
  const placement = isTargetAware(policy) ? policy.withTarget(target) : policy;
  const arrivals = sampleArrivals(population, settings.workloadRatio * capacityMilli, rng);
  const placementRng = rng.stream("placement");

  const nodeFragment = cluster.nodes.map((n) => (n.gpuCount > 0 ? nodeFragmentMilli(freeStateOf(cluster, n), target) : 0));
  let fragmentMilli = nodeFragment.reduce((a, b) => a + b, 0);
  const refresh = (nodeIndex: number): void => {
    const before = nodeFragment[nodeIndex] as number;
    const after = nodeFragmentMilli(freeStateOf(cluster, cluster.nodes[nodeIndex]!), target);
    nodeFragment[nodeIndex] = after;
    fragmentMilli += after - before;
  };

  let arrivedMilli = 0;
  let step = 0;
  let placed = 0;
  let failed = 0;
  let firstFailure: number | null = null;
  let at100: { unallocated: number; fragmentation: number } | null = null;
  const pct = (milli: number) => (100 * milli) / capacityMilli;
  const window = { exact: { sum: 0, count: 0 }, near: { sum: 0, count: 0 } };
  const observe = (): void => {
    // The study logs allocation after every pod and averages the ones whose arrived % rounds to 100.
    const arrived = roundHalfEven(pct(arrivedMilli));
    const allocated = round(pct(cluster.allocatedGpus * WHOLE_GPU_MILLI));
    if (arrived === 100) {
      window.exact.sum += allocated;
      window.exact.count++;
    }
    if (arrived >= 99 && arrived <= 101) {
      window.near.sum += allocated;
      window.near.count++;
    }
  };
  const emitRows = (): void => {
    while (step * settings.stepPct <= pct(arrivedMilli) + 1e-9) {
      const arrivedPct = round(step * settings.stepPct);
      const allocatedPct = round(pct(cluster.allocatedGpus * WHOLE_GPU_MILLI));
      const fragmentationPct = round(pct(fragmentMilli));
      sinks.fill.write([arrivedPct, allocatedPct, fragmentationPct]);
      if (at100 === null && arrivedPct >= 100) at100 = { unallocated: round(100 - allocatedPct), fragmentation: fragmentationPct };
      step++;
    }
  };
  emitRows();
  arrivals.forEach((pod, index) => {
    const job: JobView = { ...pod, index, id: `${pod.workload}-${index}`, tenant: "default", priority: 0, submitS: 0, estimateS: 0 };
    const decision = placement.place(job, cluster, placementRng);
    if (decision === null) {
      failed++;
      firstFailure ??= round(pct(arrivedMilli));
    } else {
      const chosen: Placement = Array.isArray(decision) ? { gpus: decision } : (decision as Placement);
      const problem = Array.isArray(chosen.gpus) ? cluster.checkAllocation(job, chosen.gpus, chosen.node) : "the placement has no gpus list";
      if (problem !== null) throw new PolicyViolationError(message.placementViolation(placement.name, job.id, problem));
      cluster.allocate(job, chosen.gpus, chosen.node);
      placed++;
      const touched = job.gpus === 0 ? [chosen.node as number] : [...new Set(chosen.gpus.map((g) => cluster.nodeOfGpu(g)))];
      for (const nodeIndex of touched) if (cluster.nodes[nodeIndex]!.gpuCount > 0) refresh(nodeIndex);
    }
    arrivedMilli += pod.gpus * pod.gpuMilli;
    observe();
    emitRows();
  });
  const end = at100 as { unallocated: number; fragmentation: number } | null;
  const used = window.exact.count > 0 ? window.exact : window.near;
  if (end !== null && used.count > 0) end.unallocated = round(100 - round(used.sum / used.count));
  return {
    scenario: scenario.name,
    seed: scenario.seed,
    policy: policy.name,
    gpus: { total: cluster.totalGpus },
    pods: { population: population.length, arrived: arrivals.length, placed, failed },
    fill: {
      workloadRatio: settings.workloadRatio,
      targetClasses: target.length,
      unallocatedPctAt100: end?.unallocated ?? null,
      fragmentationPctAt100: end?.fragmentation ?? null,
      allocatedPctAtEnd: round(pct(cluster.allocatedGpus * WHOLE_GPU_MILLI)),
      firstFailureArrivedPct: firstFailure,
    },
  };
}

/** Python's round(x): to the nearest integer, halves to even (the study's analysis scripts use it). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
