/**
 * Run a sweep: every cell × seed of this shard (skipping finished runs with `resume`) on a pool
 * of worker threads, each run written atomically to `OUT/cells/<id>/seed<N>/`; then sweep.csv,
 * per-cell summaries and the report from whatever runs are on disk.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { ScenarioError, message } from "../messages.js";
import { scenarioForSeed } from "../report/replications.js";
import { inShard } from "./grid.js";
import type { SweepPlan } from "./load-sweep.js";
import { type SweepManifest, cellRunDir, manifestOf, readManifest, runFinished, sweepFiles, writeManifest } from "./sweep-manifest.js";
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
  /** Run only every `count`-th cell, starting at cell `index - 1` (1-based). */
  shard?: { index: number; count: number } | undefined;
  /** Aborting (Ctrl-C) stops after writing sweep.csv for the runs that finished. */
  signal?: AbortSignal | undefined;
  /** Write sweep.html and charts (default true). */
  report?: boolean | undefined;
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
    } else if (readdirSync(outDir).length > 0) {
      throw new ScenarioError(message.outputExists(outDir));
    }
  }
  mkdirSync(outDir, { recursive: true });
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
  prepareOutDir(plan, outDir, options.resume === true);
  const manifest = manifestOf(plan);
  writeManifest(outDir, manifest);

  const tasks: WorkerTask[] = [];
  const labels: string[] = [];
  let planned = 0;
  for (const cell of plan.cells) {
    if (!inShard(cell.index, options.shard)) continue;
    for (const seed of plan.seeds) {
      planned++;
      if (options.resume === true && runFinished(outDir, cell, seed)) continue;
      const runDir = resolve(cellRunDir(outDir, cell, seed));
      removeStaleTemps(runDir);
      labels.push(`${cell.id} seed ${seed}`);
      tasks.push({ id: tasks.length, scenario: scenarioForSeed(cell.scenario, seed), scenarioFile: plan.scenarioFile, outDir: runDir });
    }
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
  const rows = await finalizeSweep(outDir, manifest, !pool.interrupted && options.report !== false);
  return { manifest, planned, skipped: planned - tasks.length, ran: pool.completed, interrupted: pool.interrupted, rows, wallS, workers: Math.max(1, Math.min(options.workers, tasks.length)) };
}
