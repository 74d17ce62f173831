import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { jobColumns } from "../src/metrics/job-metrics.js";
import { discardRows } from "../src/metrics/row-sink.js";
import { timeseriesColumns } from "../src/metrics/timeseries.js";
import { backfillPolicies, placementPolicies, queuePolicies } from "../src/policies/registry.js";
import { CsvFileSink } from "../src/report/csv-file.js";
import { type JobsWorkload, scenarioSchema } from "../src/scenario/schema.js";
import { type SimulationSinks, simulate } from "../src/sim/simulate.js";
import { heapUsedAfterGcMiB } from "./heap.js";
import type { Benchmark, BenchResult } from "./types.js";

/** Jobs per run: 2 events each (arrival, completion) plus timeseries samples. */
const JOBS = 1_000_000;

/** The M/M/c scenario of scenarios/mmc.yaml (c = 8, rho = 0.9), with JOBS arrivals. */
function mmcScenario() {
  return scenarioSchema.parse({
    name: "bench-mmc",
    seed: 7,
    cluster: { nodes: [{ count: 8, gpu: "H100-SXM", gpusPerNode: 1 }] },
    workloads: [{ kind: "jobs", name: "batch", count: JOBS, arrival: { process: "poisson", ratePerS: 7.2 }, gpus: 1, durationS: { dist: "exponential", mean: 1 } }],
  });
}

const policies = { queue: queuePolicies.fifo, placement: placementPolicies["first-fit"], backfill: backfillPolicies.none };

function timed(name: string, sinks: () => { sinks: SimulationSinks; close: () => void }): BenchResult {
  const scenario = mmcScenario();
  // Warm-up run (JIT), then the timed run.
  const warm = sinks();
  simulate({ ...scenario, workloads: [{ ...(scenario.workloads[0] as JobsWorkload), count: 100_000 }] }, policies, warm.sinks);
  warm.close();
  const timedSinks = sinks();
  const startMs = performance.now();
  const summary = simulate(scenario, policies, timedSinks.sinks);
  timedSinks.close();
  const wallS = (performance.now() - startMs) / 1000;
  return { name, events: summary.events, wallS, eventsPerS: Math.round(summary.events / wallS), jobs: JOBS, heapUsedMiB: Math.round(heapUsedAfterGcMiB() * 10) / 10 };
}

/** M/M/c through the whole simulator with metrics (statistics, signals), rows discarded. */
export const mmcCore: Benchmark = {
  name: "mmc-core",
  run: () => timed("mmc-core", () => ({ sinks: { jobs: discardRows, timeseries: discardRows }, close: () => {} })),
};

/** M/M/c as `gpufleet run` does it: metrics plus jobs.csv and timeseries.csv through csv-stringify. */
export const mmcRun: Benchmark = {
  name: "mmc-run",
  run: () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-bench-"));
    try {
      let n = 0;
      return timed("mmc-run", () => {
        const jobs = new CsvFileSink(join(dir, `jobs-${n}.csv`), jobColumns);
        const timeseries = new CsvFileSink(join(dir, `ts-${n++}.csv`), timeseriesColumns(false));
        return { sinks: { jobs, timeseries }, close: () => { jobs.close(); timeseries.close(); } };
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
