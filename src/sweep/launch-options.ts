/**
 * What a launch template (`gpufleet sweep FILE --emit slurm|k8s`) needs to know: the sweep, how
 * many array tasks, the shared results directory and how to call the CLI where the tasks run.
 */

/** Options shared by the Slurm and Kubernetes templates. */
export interface LaunchOptions {
  /** Sweep name (job names). */
  name: string;
  /** The sweep file as the tasks see it (relative to `workDir`, or absolute). */
  sweepFile: string;
  /** Runs of the sweep (cells × seeds), for the comments. */
  runs: number;
  /** Cells and seeds, for the comments. */
  cells: number;
  /** Seeds per cell. */
  seeds: number;
  /** Array tasks (shards). */
  shards: number;
  /** Worker threads per task (CPUs asked of the scheduler). */
  workers: number;
  /** The shared results directory every task writes into, then merge reads. */
  outDir: string;
  /** The CLI invocation, split into words, e.g. ["node", "dist/cli/main.js"] or ["npx", "gpufleet"]. */
  cli: string[];
}

/** Default CLI invocation in a template: the compiled CLI of a checkout (after `npm ci`). */
export const DEFAULT_CLI = "node dist/cli/main.js";

/** Default number of array tasks: one per run, at most this many. */
export const DEFAULT_MAX_SHARDS = 64;

/** Quote a word for a POSIX shell (single quotes unless it is plainly safe). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Split a `--cli` value into words (spaces separate; no quoting needed for the usual invocations). */
export function cliWords(text: string): string[] {
  return text.trim().split(/\s+/).filter((w) => w !== "");
}

/** A command line for a shell: every word quoted as needed. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(" ");
}

/** The task's sweep command, before `--workers` (the shard comes from the array engine's environment). */
export function shardCommand(o: LaunchOptions): string[] {
  return [...o.cli, "sweep", o.sweepFile, "--shard", "auto", "--out", o.outDir];
}
