/**
 * `gpufleet run --seeds N` on the sweep's worker pool: the seeds run in parallel, each into
 * `OUT/seed<N>/`, and `OUT/summary.json` (the replications block) is written as the sequential
 * `runReplications` writes it, so the outputs are the same bytes apart from `run.wallS`. `onRun`
 * is called as each seed finishes, in finishing order.
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { type ReplicationOptions, type ReplicationResult, replicationSeeds, runReplications, scenarioForSeed, seedDirName, writeReplicationSummary } from "../run/replications.js";
import { writeAtomically } from "../report/run-dir.js";
import type { AnyRunSummary } from "../run/write-run.js";
import type { Scenario } from "../scenario/schema.js";
import type { WorkerTask } from "./worker-messages.js";
import { runPool } from "./worker-pool.js";

/** Options of `runReplicationsOnPool`. */
export interface PoolReplicationOptions extends ReplicationOptions {
  /** Worker threads (at most one per seed). */
  workers: number;
}

/** Run `scenario` once per seed on `workers` threads (1: sequentially in this process) into `outDir/seed<N>/`; write `outDir/summary.json`, atomically. */
export async function runReplicationsOnPool(scenario: Scenario, scenarioFile: string, outDir: string, options: PoolReplicationOptions): Promise<ReplicationResult> {
  // One worker: run in this process; a thread would add its start-up and nothing else.
  if (options.workers <= 1) return runReplications(scenario, scenarioFile, outDir, options);
  const seeds = replicationSeeds(scenario.seed, options.seeds ?? scenario.seeds);
  const startMs = performance.now();
  return writeAtomically(outDir, async (dir) => {
    const tasks: WorkerTask[] = seeds.map((seed, id) => ({
      id,
      scenario: scenarioForSeed(scenario, seed),
      scenarioFile,
      outDir: join(dir, seedDirName(seed)),
      report: options.report ?? true,
      command: options.command,
    }));
    const runs: (AnyRunSummary | undefined)[] = seeds.map(() => undefined);
    let done = 0;
    await runPool(tasks, {
      workers: options.workers,
      onDone: (task, summary) => {
        runs[task.id] = summary;
        options.onRun?.(summary, ++done, seeds.length);
      },
    });
    const ordered = runs.map((r, i) => {
      if (r === undefined) throw new Error(`replication of seed ${seeds[i]} did not finish`);
      return r;
    });
    return { summary: writeReplicationSummary(dir, scenario, seeds, ordered, startMs, options.command), runs: ordered };
  });
}
