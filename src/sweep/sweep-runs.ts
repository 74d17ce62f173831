/**
 * The runs of a sweep in their canonical order: cells by index, then seeds. A run's id is its
 * directory under `cells/` (`<cell id>/seed<N>`); shards, resume and merge all go by it.
 */
import { seedDirName } from "../run/replications.js";

/** One run of a sweep: a cell with one seed. */
export interface SweepRun<C extends { id: string; index: number }> {
  /** Position in the run order, from 0 (shards take every N-th). */
  ordinal: number;
  /** Run id: `<cell id>/seed<N>`, also its directory under `cells/`. */
  id: string;
  /** The cell. */
  cell: C;
  /** The seed. */
  seed: number;
}

/** Id of the run of `cell` with `seed`. */
export function runId(cell: { id: string }, seed: number): string {
  return `${cell.id}/${seedDirName(seed)}`;
}

/** Every run of a sweep (plan or manifest), in order. */
export function sweepRuns<C extends { id: string; index: number }>(sweep: { cells: readonly C[]; seeds: readonly number[] }): SweepRun<C>[] {
  const cells = [...sweep.cells].sort((a, b) => a.index - b.index);
  const runs: SweepRun<C>[] = [];
  for (const cell of cells) for (const seed of sweep.seeds) runs.push({ ordinal: runs.length, id: runId(cell, seed), cell, seed });
  return runs;
}
