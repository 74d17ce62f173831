/**
 * Merge shard outputs into one sweep directory: usually the one results directory every shard
 * (`gpufleet sweep --shard I/N --out DIR`) wrote into, or several directories whose finished runs
 * are copied into the first; then sweep.csv, sweep.json and the report are rebuilt from the runs,
 * the same bytes as a sweep on one machine. Missing runs are named.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { ScenarioError, message } from "../messages.js";
import { writeAtomically } from "../report/run-dir.js";
import { finalizeSweep } from "./run-sweep.js";
import { sweepRuns } from "./sweep-runs.js";
import { type SweepManifest, cellRunDir, readManifest, runFinished, sweepFiles, writeManifest } from "./sweep-manifest.js";

/** What a merge did. */
export interface MergeResult {
  /** The merged manifest. */
  manifest: SweepManifest;
  /** Runs copied into the target. */
  copied: number;
  /** Runs present after the merge (rows of sweep.csv). */
  rows: number;
  /** Runs of the sweep (cells × seeds). */
  expected: number;
  /** Ids (`<cell>/seed<N>`) of the runs no directory holds, in run order. */
  missing: string[];
}

/** Ids of the runs of `manifest` that none of `dirs` holds finished. */
export function missingRuns(manifest: SweepManifest, dirs: readonly string[]): string[] {
  return sweepRuns(manifest)
    .filter((run) => !dirs.some((d) => runFinished(d, run.cell, run.seed)))
    .map((run) => run.id);
}

/** True when every directory holds a sweep.json and, together, every run of the sweep. */
function complete(dirs: readonly string[]): boolean {
  if (!dirs.every((d) => existsSync(join(d, sweepFiles.manifest)))) return false;
  try {
    return missingRuns(readManifest(dirs[0] as string), dirs).length === 0;
  } catch {
    return false; // a manifest being renamed into place: look again at the next poll
  }
}

/**
 * Wait until the shards have written every run (or `waitS` seconds passed): for a merge job
 * that cannot depend on its array (a Kubernetes Job). Polls every `pollS` seconds; true when complete.
 */
export async function waitForRuns(dirs: readonly string[], waitS: number, pollS = 10): Promise<boolean> {
  const deadline = performance.now() + waitS * 1000;
  while (!complete(dirs)) {
    const leftMs = deadline - performance.now();
    if (leftMs <= 0) return false;
    await new Promise((r) => setTimeout(r, Math.min(leftMs, pollS * 1000)));
  }
  return true;
}

/** Merge the sweep directories `dirs` into `outDir` (default: the first of them). */
export async function mergeSweeps(dirs: readonly string[], outDir: string = dirs[0] as string, report = true): Promise<MergeResult> {
  const manifests = dirs.map((dir) => readManifest(dir));
  const first = manifests[0];
  if (first === undefined) throw new ScenarioError(message.mergeNothing());
  for (const [i, m] of manifests.entries()) {
    if (m.fingerprint !== first.fingerprint) throw new ScenarioError(message.mergeMismatch(dirs[i] as string, dirs[0] as string));
  }
  const target = resolve(outDir);
  const isSource = dirs.some((d) => resolve(d) === target);
  if (!isSource && existsSync(target)) {
    if (existsSync(`${target}/${sweepFiles.manifest}`)) {
      if (readManifest(target).fingerprint !== first.fingerprint) throw new ScenarioError(message.mergeMismatch(outDir, dirs[0] as string));
    } else if (readdirSync(target).length > 0) {
      throw new ScenarioError(message.outputExists(outDir));
    }
  }
  mkdirSync(target, { recursive: true });
  writeManifest(target, first);
  let copied = 0;
  for (const cell of first.cells) {
    for (const seed of first.seeds) {
      if (runFinished(target, cell, seed)) continue;
      const source = dirs.find((d) => runFinished(d, cell, seed));
      if (source === undefined) continue;
      await writeAtomically(cellRunDir(target, cell, seed), (temp) => cpSync(cellRunDir(source, cell, seed), temp, { recursive: true }));
      copied++;
    }
  }
  const rows = await finalizeSweep(target, first, report);
  return { manifest: first, copied, rows, expected: first.cells.length * first.seeds.length, missing: missingRuns(first, [target]) };
}
