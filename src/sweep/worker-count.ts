/** How many worker threads a sweep or `run --seeds N` uses. */
import { availableParallelism } from "node:os";
import { ScenarioError, message } from "../messages.js";

/** Most worker threads accepted by `--workers`. */
export const MAX_WORKERS = 4096;

/** Parse and check `--workers` (default: the machine's cores, `os.availableParallelism()`, without a cap). */
export function workerCount(value: number | undefined): number {
  if (value === undefined) return Math.max(1, availableParallelism());
  if (!Number.isInteger(value) || value < 1 || value > MAX_WORKERS) throw new ScenarioError(message.badWorkers(String(value)));
  return value;
}
