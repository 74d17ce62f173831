/**
 * Replications: one scenario run with seeds seed, seed+1, ..., each a full run directory
 * `OUT/seed<N>/`, plus `OUT/summary.json` with every metric as mean ± 95 % confidence interval.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { MIN_RELIABLE_REPLICATIONS } from "../metrics/confidence.js";
import { round } from "../metrics/stats.js";
import type { Scenario } from "../scenario/schema.js";
import { writeAtomically } from "../report/run-dir.js";
import { type ReplicationsBlock, replicationsBlock } from "../report/summary-metrics.js";
import { type AnyRunSummary, runAnyToDirectory, runFiles } from "./write-run.js";

/** The top-level summary.json of a replication directory. */
export interface ReplicationSummary {
  /** Scenario name. */
  scenario: string;
  /** First seed. */
  seed: number;
  /** Every seed run, in order; the run of seed N is in `seed<N>/`. */
  seeds: number[];
  /** Caveats about the intervals (fewer than 5 seeds); empty when there are none. */
  warnings: string[];
  /** Every numeric metric of the per-seed summaries as `{mean, ciLow, ciHigh, sd, n, method}`. */
  replications: ReplicationsBlock;
  /** Wall-clock figures (the only non-deterministic block). */
  run: { wallS: number; command?: string };
}

/** What `runReplications` returns. */
export interface ReplicationResult {
  /** The top-level summary written to `OUT/summary.json`. */
  summary: ReplicationSummary;
  /** The per-seed summaries, in seed order. */
  runs: AnyRunSummary[];
}

/** Options of `runReplications`. */
export interface ReplicationOptions {
  /** Number of replications (default: the scenario's `seeds`). */
  seeds?: number | undefined;
  /** Write each seed's report.html and charts (default true). */
  report?: boolean | undefined;
  /** The command line to record in every summary.json's `run` block (the CLI's; absent for library calls). */
  command?: string | undefined;
  /** Called after each seed's run with the number of seeds done so far (1, 2, ...), e.g. for progress. */
  onRun?: ((summary: AnyRunSummary, done: number, count: number) => void) | undefined;
}

/** Name of the run directory of one seed inside a replication directory. */
export function seedDirName(seed: number): string {
  return `seed${seed}`;
}

/** The seeds of a replication: `first`, `first + 1`, ..., `count` of them. */
export function replicationSeeds(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** The scenario of one replication: the same scenario with its own seed, as a single run. */
export function scenarioForSeed(scenario: Scenario, seed: number): Scenario {
  return { ...scenario, seed, seeds: 1 };
}

/** The warnings of a replication of `seedCount` seeds: one below 5 seeds, whose intervals are wide or under-cover. */
export function replicationWarnings(seedCount: number): string[] {
  if (seedCount >= MIN_RELIABLE_REPLICATIONS) return [];
  return [
    `only ${seedCount} seed${seedCount === 1 ? "" : "s"}: confidence intervals from fewer than ${MIN_RELIABLE_REPLICATIONS} seeds are wide or unreliable (run --seeds ${MIN_RELIABLE_REPLICATIONS} or more)`,
  ];
}

/**
 * The top-level summary.json of a replication and the resolved scenario beside it, written into
 * `dir`; the sequential and the pooled path both end here, so their files are the same bytes.
 */
export function writeReplicationSummary(dir: string, scenario: Scenario, seeds: readonly number[], runs: readonly AnyRunSummary[], startMs: number, command?: string): ReplicationSummary {
  const summary: ReplicationSummary = {
    scenario: scenario.name,
    seed: scenario.seed,
    seeds: [...seeds],
    warnings: replicationWarnings(seeds.length),
    replications: replicationsBlock(runs),
    run: { wallS: round((performance.now() - startMs) / 1000), ...(command === undefined ? {} : { command }) },
  };
  writeFileSync(join(dir, runFiles.summary), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(dir, runFiles.resolvedScenario), `${JSON.stringify(scenario, null, 2)}\n`);
  return summary;
}

/** Run `scenario` once per seed into `outDir/seed<N>/` and write `outDir/summary.json`, atomically. */
export async function runReplications(scenario: Scenario, scenarioFile: string, outDir: string, options: ReplicationOptions = {}): Promise<ReplicationResult> {
  const seeds = replicationSeeds(scenario.seed, options.seeds ?? scenario.seeds);
  const startMs = performance.now();
  return writeAtomically(outDir, async (dir) => {
    const runs: AnyRunSummary[] = [];
    for (const [i, seed] of seeds.entries()) {
      const summary = await runAnyToDirectory(scenarioForSeed(scenario, seed), scenarioFile, join(dir, seedDirName(seed)), { report: options.report ?? true, command: options.command });
      runs.push(summary);
      options.onRun?.(summary, i + 1, seeds.length);
    }
    return { summary: writeReplicationSummary(dir, scenario, seeds, runs, startMs, options.command), runs };
  });
}
