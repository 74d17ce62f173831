/**
 * sweep-workers: the sweep worker pool against plain sequential runs. 8 runs of the M/M/c
 * scenario (scenarios/mmc.yaml, 20 000 jobs each, full run directories without HTML reports)
 * in-process one after the other, then on the pool with 1 and with 2 worker threads. Reports
 * the speed-up of 2 workers over 1, the one-time start of a worker (a pool of 1 running a
 * 10-job run, minus that run in-process: thread start and module loading) and the overhead per
 * run beyond it (pool of 1 minus start minus in-process, per run: structured clone, messages).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { replicationSeeds, scenarioForSeed, seedDirName } from "../src/run/replications.js";
import { runAnyToDirectory } from "../src/run/write-run.js";
import { loadScenario } from "../src/scenario/load.js";
import type { WorkerTask } from "../src/sweep/worker-messages.js";
import { runPool } from "../src/sweep/worker-pool.js";
import type { Benchmark, BenchResult } from "./types.js";

/** Runs per measurement. */
const RUNS = 8;
/** Jobs per run. */
const JOBS = 20_000;

function tasks(dir: string, jobs = JOBS, runs = RUNS): WorkerTask[] {
  const scenarioFile = join(import.meta.dirname, "..", "..", "scenarios", "mmc.yaml");
  const scenario = loadScenario(scenarioFile, { set: [`workloads.0.count=${jobs}`] });
  return replicationSeeds(1, runs).map((seed, id) => ({ id, scenario: scenarioForSeed(scenario, seed), scenarioFile, outDir: join(dir, seedDirName(seed)) }));
}

async function timedS(run: () => Promise<unknown>): Promise<number> {
  const startMs = performance.now();
  await run();
  return (performance.now() - startMs) / 1000;
}

/** The benchmark. */
export const sweepWorkers: Benchmark = {
  name: "sweep-workers",
  async run(): Promise<BenchResult> {
    const root = mkdtempSync(join(tmpdir(), "gpufleet-bench-pool-"));
    try {
      let events = 0;
      const warm = tasks(join(root, "warm"))[0] as WorkerTask;
      await runAnyToDirectory(warm.scenario, warm.scenarioFile, warm.outDir, { report: false }); // JIT warm-up
      const inProcessS = await timedS(async () => {
        for (const t of tasks(join(root, "in-process"))) {
          const summary = (await runAnyToDirectory(t.scenario, t.scenarioFile, t.outDir, { report: false })) as { events?: number };
          events += summary.events ?? 0;
        }
      });
      const tiny = tasks(join(root, "tiny-in-process"), 10, 1)[0] as WorkerTask;
      const tinyS = await timedS(() => runAnyToDirectory(tiny.scenario, tiny.scenarioFile, tiny.outDir, { report: false }));
      const workerStartS = (await timedS(() => runPool(tasks(join(root, "tiny-pool"), 10, 1), { workers: 1 }))) - tinyS;
      const pool1S = await timedS(() => runPool(tasks(join(root, "pool-1")), { workers: 1 }));
      const pool2S = await timedS(() => runPool(tasks(join(root, "pool-2")), { workers: 2 }));
      return {
        name: "sweep-workers",
        events,
        wallS: pool2S,
        eventsPerS: events / pool2S,
        runs: RUNS,
        jobsPerRun: JOBS,
        inProcessS,
        pool1S,
        pool2S,
        speedup2v1: pool1S / pool2S,
        runS: inProcessS / RUNS,
        workerStartS,
        overheadPerRunMs: ((pool1S - workerStartS - inProcessS) / RUNS) * 1000,
      };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
