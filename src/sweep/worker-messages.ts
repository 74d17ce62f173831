/** Messages between the sweep's main thread and its worker threads (structured-clone safe). */
import type { AnyRunSummary } from "../run/write-run.js";
import type { Scenario } from "../scenario/schema.js";

/** One run for a worker: a validated scenario (with its seed) and where to write it. */
export interface WorkerTask {
  /** Task number, echoed in the reply. */
  id: number;
  /** The scenario to run (seed set). */
  scenario: Scenario;
  /** Absolute path of the scenario file (plug-in policy paths are relative to it). */
  scenarioFile: string;
  /** Run directory to write (atomically). */
  outDir: string;
  /** Also write the run's report.html and charts (default false: a sweep has its own report). */
  report?: boolean | undefined;
  /** The command line to record in the run's summary.json (absent for library calls). */
  command?: string | undefined;
}

/** An error as it crosses the thread boundary. */
export interface WorkerError {
  /** Error class name (ScenarioError, PolicyViolationError, ...). */
  name: string;
  /** The message (one line for expected errors). */
  message: string;
  /** Stack trace, for bugs. */
  stack: string;
  /** The error's exit code, when it carries one. */
  exitCode: number | undefined;
}

/** A worker's answer to a task. */
export type WorkerReply = { id: number; ok: true; summary: AnyRunSummary } | { id: number; ok: false; error: WorkerError };

/** An error from a worker, rebuilt in the main thread with its name and exit code. */
export class WorkerRunError extends Error {
  /** Exit code of the original error (undefined: a bug, exit 3). */
  readonly exitCode: number | undefined;
  constructor(error: WorkerError) {
    super(error.message);
    this.name = error.name;
    this.exitCode = error.exitCode;
    this.stack = error.stack;
  }
}
