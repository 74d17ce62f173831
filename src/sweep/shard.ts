/**
 * Shards of a sweep for cluster job arrays: `--shard I/N` with I counted from 0 (as Slurm's
 * `--array=0-N` and Kubernetes' `JOB_COMPLETION_INDEX` count), or `--shard auto` read from the
 * array engine's environment. A shard is a set of runs (cell × seed), not of cells, so N shards
 * stay busy however few cells the grid has.
 */
import { ScenarioError, message } from "../messages.js";

/** One shard of N: `index` in 0..count-1. */
export interface Shard {
  /** This shard's index, from 0. */
  index: number;
  /** Number of shards. */
  count: number;
}

/** Environment variable that gives the shard count next to `JOB_COMPLETION_INDEX` (Kubernetes sets no count of its own). */
export const SHARD_COUNT_ENV = "GPUFLEET_SHARD_COUNT";

/** Parse `--shard I/N` (0 <= I < N) or `--shard auto`; a ScenarioError (exit 2) for anything else. */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const trimmed = text.trim();
  if (trimmed === "auto") return shardFromEnv(env);
  const match = /^(\d+)\/(\d+)$/.exec(trimmed);
  if (match === null) throw new ScenarioError(message.badShard(text));
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count >= 1 && index === count) throw new ScenarioError(message.shardFromOne(text, count));
  if (count < 1 || index >= count) throw new ScenarioError(message.badShard(text));
  return { index, count };
}

/** A whole number from an environment variable, or undefined when unset or empty. */
function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ScenarioError(message.shardEnv(name, raw));
  return value;
}

/**
 * The shard of this array task: Slurm's `SLURM_ARRAY_TASK_ID` with `SLURM_ARRAY_TASK_COUNT` (or
 * `_MIN`/`_MAX`, and `_STEP` for `--array=0-15:2`), else Kubernetes' `JOB_COMPLETION_INDEX` with
 * `GPUFLEET_SHARD_COUNT`.
 */
export function shardFromEnv(env: NodeJS.ProcessEnv): Shard {
  const taskId = envInt(env, "SLURM_ARRAY_TASK_ID");
  if (taskId !== undefined) {
    const min = envInt(env, "SLURM_ARRAY_TASK_MIN") ?? 0;
    const step = Math.max(1, envInt(env, "SLURM_ARRAY_TASK_STEP") ?? 1);
    const max = envInt(env, "SLURM_ARRAY_TASK_MAX");
    const count = envInt(env, "SLURM_ARRAY_TASK_COUNT") ?? (max === undefined ? undefined : Math.floor((max - min) / step) + 1);
    if (count === undefined) throw new ScenarioError(message.shardAutoNoCount("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MIN/MAX"));
    const index = (taskId - min) / step;
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new ScenarioError(message.shardAutoRange("SLURM_ARRAY_TASK_ID", taskId, count));
    return { index, count };
  }
  const completion = envInt(env, "JOB_COMPLETION_INDEX");
  if (completion !== undefined) {
    const count = envInt(env, SHARD_COUNT_ENV);
    if (count === undefined || count < 1) throw new ScenarioError(message.shardAutoNoCount("JOB_COMPLETION_INDEX", SHARD_COUNT_ENV));
    if (completion >= count) throw new ScenarioError(message.shardAutoRange("JOB_COMPLETION_INDEX", completion, count));
    return { index: completion, count };
  }
  throw new ScenarioError(message.shardAutoNone());
}

/** Text of a shard as the CLI takes it: `I/N`. */
export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * True when `shard` runs the run at `runOrdinal`, the run's position in the sweep's run order
 * (cells by index, then seeds): run k belongs to shard k mod N. The order depends only on the
 * run ids, so every machine computes the same assignment, and each shard gets ⌊R/N⌋ or ⌈R/N⌉ runs.
 */
export function runInShard(runOrdinal: number, shard: Shard | undefined): boolean {
  return shard === undefined || runOrdinal % shard.count === shard.index;
}
