/**
 * Worker thread of the sweep pool: receives one run at a time (a validated scenario and its
 * output directory), runs it with `runToDirectory` (without the per-run HTML report unless the
 * task asks: a sweep has its own) and posts back the summary or the error.
 */
import { parentPort } from "node:worker_threads";
import { runAnyToDirectory } from "../run/write-run.js";
import type { WorkerReply, WorkerTask } from "./worker-messages.js";

/** Run one task and describe its outcome for the main thread. */
async function handle(task: WorkerTask): Promise<WorkerReply> {
  try {
    const summary = await runAnyToDirectory(task.scenario, task.scenarioFile, task.outDir, { report: task.report === true, command: task.command });
    return { id: task.id, ok: true, summary };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const exitCode = (e as { exitCode?: unknown }).exitCode;
    return { id: task.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack ?? e.message, exitCode: typeof exitCode === "number" ? exitCode : undefined } };
  }
}

const port = parentPort;
if (port !== null) {
  port.on("message", (task: WorkerTask) => {
    void handle(task).then((reply) => port.postMessage(reply));
  });
}
