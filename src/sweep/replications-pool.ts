/**
 * `gpufleet run --seeds N` on the sweep's worker pool: the seeds run in parallel, each into
 * `OUT/seed<N>/`, and `OUT/summary.json` (the replications block) is written as the sequential
 * `runReplications` writes it, so the outputs are the same bytes apart from `run.wallS`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { round } from "../metrics/stats.js";
import { type ReplicationOptions, type ReplicationResult, type ReplicationSummary, replicationSeeds, scenarioForSeed, seedDirName } from "../run/replications.js";
import { writeAtomically } from "../report/run-dir.js";
import { replicationsBlock } from "../report/summary-metrics.js";
import { type AnyRunSummary, runFiles } from "../run/write-run.js";
import type { Scenario } from "../scenario/schema.js";
import type { WorkerTask } from "./worker-messages.js";
import { runPool } from "./worker-pool.js";

/** Options of `runReplicationsOnPool`. */
export interface PoolReplicationOptions extends Omit<ReplicationOptions, "onRun"> {
  /** Worker threads (at most one per seed). */
  workers: number;
  /** Called after each seed's run finished, in finishing order. */
  onRun?: ((summary: AnyRunSummary, done: number, count: number) => void) | undefined;
}

/** Run `scenario` once per seed on `workers` threads into `outDir/seed<N>/`; write `outDir/summary.json`, atomically. */
export async function runReplicationsOnPool(scenario: Scenario, scenarioFile: string, outDir: string, options: PoolReplicationOptions): Promise<ReplicationResult> {
  const seeds = replicationSeeds(scenario.seed, options.seeds ?? scenario.seeds);
  const startMs = performance.now();
  return writeAtomically(outDir, async (dir) => {
    const tasks: WorkerTask[] = seeds.map((seed, id) => ({
      id,
      scenario: scenarioForSeed(scenario, seed),
      scenarioFile,
      outDir: join(dir, seedDirName(seed)),
      report: options.report ?? true,
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
    const summary: ReplicationSummary = {
      scenario: scenario.name,
      seed: scenario.seed,
      seeds,
      replications: replicationsBlock(ordered),
      run: { wallS: round((performance.now() - startMs) / 1000) },
    };
    writeFileSync(join(dir, runFiles.summary), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(join(dir, runFiles.resolvedScenario), `${JSON.stringify(scenario, null, 2)}\n`);
    return { summary, runs: ordered };
  });
}
