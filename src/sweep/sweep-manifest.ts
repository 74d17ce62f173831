/**
 * The layout of a sweep's output directory and its manifest `sweep.json`, which records the
 * cells and seeds so that resume, merge and the report need only the directory, not the sweep file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { ScenarioError, message } from "../messages.js";
import { seedDirName } from "../run/replications.js";
import { runFiles } from "../run/write-run.js";
import type { SweepPlan } from "./load-sweep.js";
import type { SweepAxis } from "./sweep-schema.js";

/** File names in a sweep output directory. */
export const sweepFiles = {
  manifest: "sweep.json",
  csv: "sweep.csv",
  html: "sweep.html",
  charts: "charts",
  cells: "cells",
} as const;

/** A cell as recorded in sweep.json. */
export interface ManifestCell {
  /** Position in expansion order. */
  index: number;
  /** Directory name under `cells/`. */
  id: string;
  /** Axis path → value. */
  params: Record<string, unknown>;
  /** Policy names of the cell's scenario. */
  policies: { queue: string; placement: string; backfill: string };
}

/** sweep.json: what a sweep runs. */
export interface SweepManifest {
  /** Sweep name. */
  name: string;
  /** Description from the sweep file. */
  description?: string | undefined;
  /** Identifies the runs: the same fingerprint means the same cells, scenarios and seeds. */
  fingerprint: string;
  /** The sweep file, relative to the working directory of the sweep. */
  sweepFile: string;
  /** The base scenario, relative to the working directory of the sweep. */
  scenarioFile: string;
  /** Grid axes. */
  axes: SweepAxis[];
  /** Seeds of every cell. */
  seeds: number[];
  /** All cells of the sweep (not only this shard's). */
  cells: ManifestCell[];
}

/**
 * A path as recorded in sweep.json: relative to the working directory, with `/`, so that array
 * tasks started in different checkouts (the same relative layout) write the same manifest.
 */
export function portablePath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return (rel === "" ? "." : rel).split(sep).join("/");
}

/** The manifest of a loaded sweep. */
export function manifestOf(plan: SweepPlan): SweepManifest {
  return {
    name: plan.name,
    description: plan.description,
    fingerprint: plan.fingerprint,
    sweepFile: portablePath(plan.file),
    scenarioFile: portablePath(plan.scenarioFile),
    axes: plan.axes,
    seeds: plan.seeds,
    cells: plan.cells.map(({ index, id, params, policies }) => ({ index, id, params, policies })),
  };
}

/** Directory of a cell: `OUT/cells/<id>/`. */
export function cellDir(outDir: string, cell: { id: string }): string {
  return join(outDir, sweepFiles.cells, cell.id);
}

/** Run directory of one cell and seed: `OUT/cells/<id>/seed<N>/`. */
export function cellRunDir(outDir: string, cell: { id: string }, seed: number): string {
  return join(cellDir(outDir, cell), seedDirName(seed));
}

/** True when a cell's run for `seed` finished (its summary.json exists; runs are written atomically). */
export function runFinished(outDir: string, cell: { id: string }, seed: number): boolean {
  return existsSync(join(cellRunDir(outDir, cell, seed), runFiles.summary));
}

/** Read `OUT/sweep.json`; a ScenarioError when the directory holds none. */
export function readManifest(outDir: string): SweepManifest {
  const path = join(outDir, sweepFiles.manifest);
  if (!existsSync(path)) throw new ScenarioError(message.notASweepDir(outDir));
  try {
    return JSON.parse(readFileSync(path, "utf8")) as SweepManifest;
  } catch (error) {
    throw new ScenarioError(message.fileUnreadable(path, (error as Error).message));
  }
}

/** Write a file whole: to a temporary name, then renamed into place (shards may share a directory). */
export function writeFileAtomically(path: string, text: string): void {
  const temp = `${path}.tmp-${hostname()}-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** Write `OUT/sweep.json`. */
export function writeManifest(outDir: string, manifest: SweepManifest): void {
  writeFileAtomically(join(outDir, sweepFiles.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
}
