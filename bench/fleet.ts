import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { discardRows } from "../src/metrics/row-sink.js";
import { loadScenario } from "../src/scenario/load.js";
import { resolvePolicies } from "../src/run/resolve-policies.js";
import { simulate } from "../src/sim/simulate.js";
import { heapUsedAfterGcMiB } from "./heap.js";
import type { Benchmark, BenchResult } from "./types.js";

/** Repository root: bench/ is compiled to dist-bench/bench/. */
const repoRoot = join(import.meta.dirname, "..", "..");

/** scenarios/fleet-scale.yaml at `scale` times its 1,024 GPUs: nodes and the three arrival rates together. */
function fleetOverrides(scale: number): string[] {
  return [
    `cluster.nodes.0.count=${128 * scale}`,
    `workloads.0.arrival.ratePerS=${0.2 * scale}`,
    `workloads.1.arrival.ratePerS=${0.02 * scale}`,
    `workloads.2.arrival.ratePerS=${0.0006 * scale}`,
  ];
}

/** One simulated day of the fleet-scale mix at the given scale, rows discarded (the simulator with its metrics). */
async function runFleet(name: string, scale: number): Promise<BenchResult> {
  const file = join(repoRoot, "scenarios", "fleet-scale.yaml");
  const scenario = loadScenario(file, { set: fleetOverrides(scale) });
  const policies = await resolvePolicies(scenario, file, repoRoot);
  const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20;
  const startMs = performance.now();
  const summary = simulate(scenario, policies, { jobs: discardRows, timeseries: discardRows });
  const wallS = (performance.now() - startMs) / 1000;
  const jobs = summary.jobs.submitted;
  return {
    name,
    wallS: Math.round(wallS * 1000) / 1000,
    events: summary.events,
    eventsPerS: Math.round(summary.events / wallS),
    jobs,
    jobsPerS: Math.round(jobs / wallS),
    gpus: summary.gpus.total,
    allocatedFraction: summary.gpus.allocatedFraction,
    waitMeanS: summary.jobs.waitS.mean ?? 0,
    heapUsedMiB: Math.round(heapUsedAfterGcMiB() * 10) / 10,
    rssMiB: Math.round(Math.max(rssBeforeMiB, process.memoryUsage().rss / 2 ** 20)),
  };
}

/** The fleet-scale mix at 128 nodes (1,024 GPUs). */
export const fleet1k: Benchmark = { name: "fleet-1k", run: () => runFleet("fleet-1k", 1) };
/** The fleet-scale mix at 1,280 nodes (10,240 GPUs). */
export const fleet10k: Benchmark = { name: "fleet-10k", run: () => runFleet("fleet-10k", 10) };
/** The fleet-scale mix at 12,800 nodes (102,400 GPUs). */
export const fleet100k: Benchmark = { name: "fleet-100k", run: () => runFleet("fleet-100k", 100) };
