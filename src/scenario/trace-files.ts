/**
 * Trace files a scenario names: a cheap check at every load (the file exists, is a regular file
 * within the size limit, and is not empty) and a full read for `validate`, so a malformed trace is
 * reported before any run.
 */
import { statSync } from "node:fs";
import { ScenarioError, message } from "../messages.js";
import { readAzureLlmTrace, readTokenTrace } from "../workload/traces/azure-llm.js";
import { readOpenbPods } from "../workload/traces/openb-pods.js";
import { TRACE_FILE_BYTES_LIMIT } from "../workload/traces/read-bounded.js";
import type { Workload } from "./schema.js";

/** One trace a workload reads, with its field path (paths already absolute). */
interface TraceRef {
  path: (string | number)[];
  file: string;
  read: () => void;
}

function tracesOf(workloads: readonly Workload[]): TraceRef[] {
  const refs: TraceRef[] = [];
  workloads.forEach((w, i) => {
    if (w.kind === "job-trace") {
      refs.push({ path: ["workloads", i, "trace", "path"], file: w.trace.path, read: () => readOpenbPods(w.trace.path, { lenient: w.trace.lenient, limit: w.trace.limit }) });
    } else if (w.kind === "inference" && "trace" in w.arrival) {
      const a = w.arrival;
      const options = { timeScale: a.timeScale, lenient: a.lenient, limit: a.limit };
      refs.push({
        path: ["workloads", i, "arrival", "trace"],
        file: a.trace,
        read: () => (a.format === "azure-llm" || a.columns === undefined ? readAzureLlmTrace(a.trace, options) : readTokenTrace(a.trace, a.columns, options)),
      });
    }
  });
  return refs;
}

/** Every trace file exists, is a regular file within the traceFileBytes limit, and is not empty. */
export function checkTraceFiles(file: string, workloads: readonly Workload[]): void {
  for (const ref of tracesOf(workloads)) {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(ref.file);
    } catch {
      throw new ScenarioError(message.fieldError(file, ref.path, `trace file ${JSON.stringify(ref.file)} not found`));
    }
    if (!stat.isFile()) throw new ScenarioError(message.fieldError(file, ref.path, `trace ${JSON.stringify(ref.file)} is not a regular file (devices, pipes and directories are not read)`));
    if (stat.size > TRACE_FILE_BYTES_LIMIT) {
      throw new ScenarioError(message.fieldError(file, ref.path, `trace file is ${stat.size.toLocaleString("en-US")} bytes, over gpufleet's traceFileBytes limit of ${TRACE_FILE_BYTES_LIMIT.toLocaleString("en-US")} bytes`));
    }
    if (stat.size === 0) throw new ScenarioError(message.fieldError(file, ref.path, `trace file ${JSON.stringify(ref.file)} is empty`));
  }
}

/** Read every trace fully (what `validate` does): a malformed row is reported as the run would. */
export function readTraceFiles(workloads: readonly Workload[]): void {
  for (const ref of tracesOf(workloads)) ref.read();
}
