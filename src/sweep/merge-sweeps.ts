/**
 * Merge shard outputs (`gpufleet sweep --shard i/n` into separate directories) into one sweep
 * directory: copy every finished run that the target lacks, then rebuild sweep.csv and the report.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { ScenarioError, message } from "../messages.js";
import { writeAtomically } from "../report/run-dir.js";
import { finalizeSweep } from "./run-sweep.js";
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
  return { manifest: first, copied, rows, expected: first.cells.length * first.seeds.length };
}
