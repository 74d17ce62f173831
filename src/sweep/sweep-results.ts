/**
 * A sweep's results as found on disk: one row per cell × seed from the run directories'
 * summary.json files, written as sweep.csv (csv-stringify), and per-cell replication summaries.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { seedDirName } from "../run/replications.js";
import { cellText, keyMetrics, metricAt, replicationsBlock } from "../report/summary-metrics.js";
import { runFiles } from "../run/write-run.js";
import { type ManifestCell, type SweepManifest, cellDir, cellRunDir, sweepFiles, writeFileAtomically } from "./sweep-manifest.js";

/** One finished run of a sweep. */
export interface SweepRow {
  /** The cell it belongs to. */
  cell: ManifestCell;
  /** Its seed. */
  seed: number;
  /** Its summary.json. */
  summary: unknown;
  /** Its run directory (when collected from disk). */
  runDir?: string;
}

/** Every finished run of the manifest's cells in `outDirs` (first directory holding it wins), by cell then seed. */
export function collectRows(manifest: SweepManifest, outDirs: readonly string[]): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const cell of manifest.cells) {
    for (const seed of manifest.seeds) {
      for (const dir of outDirs) {
        const path = join(cellRunDir(dir, cell, seed), runFiles.summary);
        if (!existsSync(path)) continue;
        rows.push({ cell, seed, summary: JSON.parse(readFileSync(path, "utf8")) as unknown, runDir: cellRunDir(dir, cell, seed) });
        break;
      }
    }
  }
  return rows;
}

/** Parameter columns of sweep.csv: the non-policy axes (policies have their own columns). */
export function paramColumns(manifest: SweepManifest): string[] {
  return manifest.axes.filter((a) => !a.policy).map((a) => a.path);
}

/** The header of sweep.csv. */
export function sweepCsvHeader(manifest: SweepManifest): string[] {
  return ["cell", ...paramColumns(manifest), "queue", "placement", "backfill", "seed", ...keyMetrics.map((m) => m.path), "dir"];
}

/** sweep.csv text: one row per cell × seed with parameters, policies, seed and key metrics. */
export function sweepCsv(manifest: SweepManifest, rows: readonly SweepRow[]): string {
  const params = paramColumns(manifest);
  const records = rows.map(({ cell, seed, summary }) => [
    cell.index,
    ...params.map((p) => cellText(cell.params[p])),
    cell.policies.queue,
    cell.policies.placement,
    cell.policies.backfill,
    seed,
    ...keyMetrics.map((m) => metricAt(summary, m.path) ?? ""),
    `${sweepFiles.cells}/${cell.id}/${seedDirName(seed)}`,
  ]);
  return stringify([sweepCsvHeader(manifest), ...records], { cast: { number: (value: number) => String(value) } });
}

/** Write `OUT/sweep.csv`. */
export function writeSweepCsv(outDir: string, manifest: SweepManifest, rows: readonly SweepRow[]): void {
  writeFileAtomically(join(outDir, sweepFiles.csv), sweepCsv(manifest, rows));
}

/** Rows grouped by cell, in cell order (cells without finished runs are left out). */
export function rowsByCell(rows: readonly SweepRow[]): { cell: ManifestCell; rows: SweepRow[] }[] {
  const groups = new Map<number, { cell: ManifestCell; rows: SweepRow[] }>();
  for (const row of rows) {
    const group = groups.get(row.cell.index) ?? { cell: row.cell, rows: [] };
    group.rows.push(row);
    groups.set(row.cell.index, group);
  }
  return [...groups.values()].sort((a, b) => a.cell.index - b.cell.index);
}

/** Write `cells/<id>/summary.json` (the replications block over the cell's seeds) for every complete cell. */
export function writeCellSummaries(outDir: string, manifest: SweepManifest, rows: readonly SweepRow[]): void {
  for (const group of rowsByCell(rows)) {
    if (group.rows.length !== manifest.seeds.length) continue;
    const first = group.rows[0]?.summary as { scenario?: string } | undefined;
    const summary = {
      scenario: first?.scenario ?? manifest.name,
      seed: manifest.seeds[0],
      seeds: manifest.seeds,
      params: group.cell.params,
      policies: group.cell.policies,
      replications: replicationsBlock(group.rows.map((r) => r.summary)),
    };
    writeFileAtomically(join(cellDir(outDir, group.cell), runFiles.summary), `${JSON.stringify(summary, null, 2)}\n`);
  }
}
