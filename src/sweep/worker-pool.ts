/**
 * A pool of worker threads that runs sweep tasks in parallel. Each worker loads the compiled
 * `cell-worker.js` (from dist/, also when this module runs from TypeScript sources in tests).
 * Aborting terminates the workers and removes the temporary directories of unfinished runs;
 * finished runs were renamed into place atomically and stay.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import type { AnyRunSummary } from "../run/write-run.js";
import { type WorkerReply, WorkerRunError, type WorkerTask } from "./worker-messages.js";

/** Options of `runPool`. */
export interface PoolOptions {
  /** Number of worker threads (at most one per task). */
  workers: number;
  /** Aborting stops the pool: running tasks are dropped, finished ones kept. */
  signal?: AbortSignal | undefined;
  /** Called in the main thread after each finished task. */
  onDone?: ((task: WorkerTask, summary: AnyRunSummary) => void) | undefined;
  /** The worker script (default: the compiled cell-worker.js). */
  workerUrl?: URL | undefined;
}

/** How the pool ended. */
export interface PoolResult {
  /** Tasks that finished. */
  completed: number;
  /** True when the signal aborted the pool before every task finished. */
  interrupted: boolean;
}

/** The compiled worker script: next to this file in dist/, or dist/sweep/ when running from src/. */
export function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith(".ts") ? new URL("../../dist/sweep/cell-worker.js", here) : new URL("./cell-worker.js", here);
}

/** Remove the temporary directories an interrupted atomic write of `runDir` left beside it. */
export function removeStaleTemps(runDir: string): void {
  const parent = dirname(runDir);
  if (!existsSync(parent)) return;
  const prefix = `.${basename(runDir)}.tmp-`;
  for (const entry of readdirSync(parent)) if (entry.startsWith(prefix)) rmSync(join(parent, entry), { recursive: true, force: true });
}

/** Run every task on a pool of worker threads; rejects with the first task's error. */
export function runPool(tasks: readonly WorkerTask[], options: PoolOptions): Promise<PoolResult> {
  const count = Math.max(1, Math.min(options.workers, tasks.length));
  if (tasks.length === 0) return Promise.resolve({ completed: 0, interrupted: false });
  return new Promise<PoolResult>((resolvePool, rejectPool) => {
    const workers: Worker[] = [];
    const running = new Map<Worker, WorkerTask>();
    let next = 0;
    let completed = 0;
    let settled = false;

    const finish = (outcome: { result?: PoolResult; error?: Error }): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener("abort", onAbort);
      const inFlight = [...running.values()];
      void Promise.all(workers.map((w) => w.terminate())).then(() => {
        for (const task of inFlight) removeStaleTemps(task.outDir);
        if (outcome.error !== undefined) rejectPool(outcome.error);
        else resolvePool(outcome.result as PoolResult);
      });
    };
    const onAbort = (): void => finish({ result: { completed, interrupted: true } });
    const dispatch = (worker: Worker): void => {
      if (settled) return;
      const task = tasks[next];
      if (task === undefined) {
        running.delete(worker);
        if (running.size === 0) finish({ result: { completed, interrupted: false } });
        return;
      }
      next++;
      running.set(worker, task);
      worker.postMessage(task);
    };

    if (options.signal?.aborted) {
      resolvePool({ completed: 0, interrupted: true });
      return;
    }
    options.signal?.addEventListener("abort", onAbort);
    for (let i = 0; i < count; i++) {
      const worker = new Worker(options.workerUrl ?? defaultWorkerUrl());
      workers.push(worker);
      worker.on("message", (reply: WorkerReply) => {
        if (settled) return;
        const task = running.get(worker);
        if (!reply.ok) {
          finish({ error: new WorkerRunError(reply.error) });
          return;
        }
        completed++;
        if (task !== undefined) options.onDone?.(task, reply.summary);
        dispatch(worker);
      });
      worker.on("error", (error) => finish({ error }));
      worker.on("exit", (code) => {
        if (!settled && code !== 0) finish({ error: new Error(`sweep worker exited with code ${code}`) });
      });
      dispatch(worker);
    }
  });
}
