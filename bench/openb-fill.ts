import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { placementPolicies } from "../src/policies/registry.js";
import { fillExperimentSchema } from "../src/scenario/experiment-schema.js";
import { traceWorkloadSchema } from "../src/scenario/trace-schema.js";
import { openbNodeRuns } from "../src/sim/fill-cluster.js";
import { type FillScenario, type FillSummary, runFill } from "../src/sim/fill-experiment.js";
import { readOpenbNodes } from "../src/workload/traces/openb-nodes.js";
import type { Benchmark, BenchResult } from "./types.js";

/** The real Alibaba GPU v2023 (openb) trace folder beside the repository, from bench/ or its compiled dist-bench/bench/. */
export const openbTraceDir =
  [join(import.meta.dirname, "..", "..", "shared"), join(import.meta.dirname, "..", "..", "..", "shared")].map((d) => join(d, "traces", "alibaba-gpu-v2023")).find((d) => existsSync(join(d, "openb_pod_list_default.csv"))) ??
  join(import.meta.dirname, "..", "..", "shared", "traces", "alibaba-gpu-v2023");

/** The fill scenario of the FGD study on the openb GPU nodes (1,213 nodes, 6,212 GPUs) and one pod list. */
export function openbFillScenario(podList: string, seed: number): FillScenario {
  const nodes = join(openbTraceDir, "openb_node_list_gpu_node.csv");
  const pods = join(openbTraceDir, `openb_pod_list_${podList}.csv`);
  if (!existsSync(nodes) || !existsSync(pods)) throw new Error(`openb-fill needs the openb trace beside the repository (looked for ${pods})`);
  return {
    name: `openb-${podList}`,
    seed,
    cluster: { nodes: openbNodeRuns(readOpenbNodes(nodes).nodes) },
    workloads: [traceWorkloadSchema.parse({ kind: "job-trace", name: "openb", trace: { path: pods } })],
    experiment: fillExperimentSchema.parse({ mode: "fill", workloadRatio: 1.3 }),
  };
}

/** One fill run of a study policy; rows are counted, not kept. `cpuS` is the process's CPU time (GC threads included). */
export function runOpenbFill(scenario: FillScenario, policy: keyof typeof placementPolicies): { summary: FillSummary; rows: number; wallS: number; cpuS: number } {
  let rows = 0;
  const startMs = performance.now();
  const cpu = process.cpuUsage();
  const summary = runFill(scenario, placementPolicies[policy], { fill: { write: () => void rows++ } });
  const used = process.cpuUsage(cpu);
  return { summary, rows, wallS: (performance.now() - startMs) / 1000, cpuS: (used.user + used.system) / 1e6 };
}

/** FGD on the full openb default trace (1.3 x capacity of pods), seed 42; the trace is read before timing starts. */
export const openbFillFgd: Benchmark = {
  name: "openb-fill-fgd",
  run(): BenchResult {
    const scenario = openbFillScenario("default", 42);
    runOpenbFill(openbFillScenario("default", 43), "fgd"); // warm-up: JIT and the CSV reader's first pass
    const { summary, wallS, cpuS } = runOpenbFill(scenario, "fgd");
    const pods = summary.pods.arrived;
    return {
      name: "openb-fill-fgd",
      wallS: Math.round(wallS * 1000) / 1000,
      events: pods,
      eventsPerS: Math.round(pods / wallS),
      jobsPerS: Math.round(pods / wallS),
      cpuS: Math.round(cpuS * 1000) / 1000,
      nodes: scenario.cluster.nodes.reduce((n, g) => n + g.count, 0),
      gpus: summary.gpus.total,
      unallocatedPctAt100: summary.fill.unallocatedPctAt100 ?? -1,
    };
  },
};
