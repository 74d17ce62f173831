/**
 * Run a sweep: every cell × seed of this shard (skipping finished runs with `resume`) on a pool
 * of worker threads, each run written atomically to `OUT/cells/<id>/seed<N>/`; then sweep.csv,
 * per-cell summaries and the report from whatever runs are on disk. Shards of one sweep share
 * one output directory: each writes only its runs (and the same sweep.json), always skips runs
 * that finished before, and leaves sweep.csv and the report to `gpufleet merge DIR`.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { ScenarioError, message } from "../messages.js";
import { scenarioForSeed } from "../run/replications.js";
import type { SweepPlan } from "./load-sweep.js";
import { sweepRuns } from "./sweep-runs.js";
import { type SweepManifest, cellRunDir, manifestOf, readManifest, runFinished, sweepFiles, writeManifest } from "./sweep-manifest.js";
import { type Shard, runInShard } from "./shard.js";
import { writeSweepReport } from "./sweep-report.js";
import { collectRows, writeCellSummaries, writeSweepCsv } from "./sweep-results.js";
import type { WorkerTask } from "./worker-messages.js";
import { removeStaleTemps, runPool } from "./worker-pool.js";

/** Options of `runSweep`. */
export interface SweepOptions {
  /** Output directory. */
  outDir: string;
  /** Worker threads. */
  workers: number;
  /** Skip cell × seed runs whose run directory already has a summary.json. */
  resume?: boolean | undefined;
  /** Run only this shard's runs (run k of the sweep's run order when k mod count = index); implies resume. */
  shard?: Shard | undefined;
  /** Aborting (Ctrl-C) stops after writing sweep.csv for the runs that finished. */
  signal?: AbortSignal | undefined;
  /** Write sweep.html and charts (default true). */
  report?: boolean | undefined;
  /** The command line to record in each run's summary.json (the CLI's; absent for library calls). */
  command?: string | undefined;
  /** Progress: called once with the total, then after each run. */
  onProgress?: ((done: number, total: number, label: string) => void) | undefined;
}

/** What a sweep did. */
export interface SweepResult {
  /** The manifest written to sweep.json. */
  manifest: SweepManifest;
  /** Runs of this shard (cells × seeds). */
  planned: number;
  /** Runs skipped because they had finished before (resume). */
  skipped: number;
  /** Runs done now. */
  ran: number;
  /** True when interrupted before every run finished. */
  interrupted: boolean;
  /** Runs present in the output directory (rows of sweep.csv). */
  rows: number;
  /** Wall-clock seconds of the runs. */
  wallS: number;
  /** Worker threads used (at most one per run). */
  workers: number;
}

/** Check the output directory: empty, new, or a sweep directory (the same sweep when resuming). */
function prepareOutDir(plan: SweepPlan, outDir: string, resume: boolean): void {
  if (existsSync(outDir)) {
    if (existsSync(`${outDir}/${sweepFiles.manifest}`)) {
      const old = readManifest(outDir);
      if (resume && old.fingerprint !== plan.fingerprint) throw new ScenarioError(message.sweepMismatch(outDir, plan.file));
    } else if (readdirSync(outDir).some((entry) => !(resume && isSweepEntry(entry)))) {
      throw new ScenarioError(message.outputExists(outDir));
    }
  }
  mkdirSync(outDir, { recursive: true });
}

/**
 * True for the names a sweep writes at the top of its directory: array tasks start together, so
 * a shard may find the directory that another shard has just created, before its sweep.json is in place.
 */
function isSweepEntry(entry: string): boolean {
  return entry.startsWith(`${sweepFiles.manifest}.tmp-`) || (Object.values(sweepFiles) as string[]).includes(entry);
}

/** Rebuild sweep.csv, the per-cell summaries and (unless `report` is false) the report from the runs on disk. */
export async function finalizeSweep(outDir: string, manifest: SweepManifest, report = true): Promise<number> {
  const rows = collectRows(manifest, [outDir]);
  writeSweepCsv(outDir, manifest, rows);
  writeCellSummaries(outDir, manifest, rows);
  if (report) await writeSweepReport(outDir, manifest, rows);
  return rows.length;
}

/** Run a loaded sweep into `options.outDir`. */
export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepResult> {
  const outDir = options.outDir;
  const sharded = options.shard !== undefined;
  const resume = options.resume === true || sharded;
  prepareOutDir(plan, outDir, resume);
  const manifest = manifestOf(plan);
  writeManifest(outDir, manifest);

  const tasks: WorkerTask[] = [];
  const labels: string[] = [];
  let planned = 0;
  for (const run of sweepRuns(plan)) {
    if (!runInShard(run.ordinal, options.shard)) continue;
    planned++;
    if (resume && runFinished(outDir, run.cell, run.seed)) continue;
    const runDir = resolve(cellRunDir(outDir, run.cell, run.seed));
    removeStaleTemps(runDir);
    labels.push(run.id);
    tasks.push({ id: tasks.length, scenario: scenarioForSeed(run.cell.scenario, run.seed), scenarioFile: plan.scenarioFile, outDir: runDir, command: options.command });
  }

  const startMs = performance.now();
  let done = 0;
  options.onProgress?.(0, tasks.length, "");
  const pool = await runPool(tasks, {
    workers: options.workers,
    signal: options.signal,
    onDone: (task) => options.onProgress?.(++done, tasks.length, labels[task.id] ?? ""),
  });
  const wallS = (performance.now() - startMs) / 1000;
  // Shards share the directory: sweep.csv and the report are merge's, once every shard is done.
  const rows = sharded ? collectRows(manifest, [outDir]).length : await finalizeSweep(outDir, manifest, !pool.interrupted && options.report !== false);
  return { manifest, planned, skipped: planned - tasks.length, ran: pool.completed, interrupted: pool.interrupted, rows, wallS, workers: Math.max(1, Math.min(options.workers, tasks.length)) };
}
