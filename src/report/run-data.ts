import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { ScenarioError, message } from "../messages.js";
import { type FailuresData, readFailures } from "./failures-data.js";
import { type JobsData, readJobs } from "./jobs-data.js";
import { type RunSummaryData, readScenarioInfo, readSummary, type ScenarioInfo } from "./run-meta.js";
import { readRequestSlos, readRequests, type RequestsData } from "./requests-data.js";
import { type Provenance, provenanceOf } from "./provenance.js";
import { RUN_MARKER } from "./run-dir.js";
import { readTimeseries, type TimeseriesData } from "./timeseries-data.js";

/** File names the report reads (the same names write-run.ts writes; later outputs join here). */
export const runDataFiles = {
  summary: RUN_MARKER,
  jobs: "jobs.csv",
  requests: "requests.csv",
  failures: "failures.csv",
  timeseries: "timeseries.csv",
  resolvedScenario: "resolved-scenario.json",
} as const;

/**
 * A run directory read into typed data for charts and the report. Optional outputs are null when
 * the run did not write them, so the charts that need them are skipped.
 */
export interface RunData {
  /** The run directory as given. */
  dir: string;
  /** summary.json. */
  summary: RunSummaryData;
  /** resolved-scenario.json (or what the summary says of the scenario). */
  scenario: ScenarioInfo;
  /** jobs.csv; null when absent. */
  jobs: JobsData | null;
  /** timeseries.csv, down-sampled; null when absent. */
  timeseries: TimeseriesData | null;
  /** requests.csv (inference services); null when absent. */
  requests: RequestsData | null;
  /** failures.csv (runs with failures); null when absent. */
  failures: FailuresData | null;
  /** gpufleet version, scenario hash and the command line that ran it. */
  provenance: Provenance;
}

/** Read a run directory; a ScenarioError (exit 2) when it is missing or not a gpufleet run. */
export async function readRunData(dir: string): Promise<RunData> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ScenarioError(message.runDirNotFound(dir));
  const path = (name: string): string | null => {
    const file = join(dir, name);
    return existsSync(file) ? file : null;
  };
  const summaryFile = path(runDataFiles.summary);
  if (summaryFile === null) throw new ScenarioError(message.notARunDir(dir, runDataFiles.summary));
  const summary = readSummary(summaryFile);
  const scenario = readScenarioInfo(path(runDataFiles.resolvedScenario), summary.scenario);
  const jobsFile = path(runDataFiles.jobs);
  const timeseriesFile = path(runDataFiles.timeseries);
  const jobs =
    jobsFile === null
      ? null
      : await readJobs(jobsFile, { warmupS: scenario.warmupS, endS: summary.simulatedS, workloadOrder: scenario.workloads.map((w) => w.name) });
  const timeseries = timeseriesFile === null ? null : await readTimeseries(timeseriesFile);
  const requestsFile = path(runDataFiles.requests);
  const requests =
    requestsFile === null
      ? null
      : await readRequests(requestsFile, { warmupS: scenario.warmupS, endS: summary.simulatedS, slos: readRequestSlos(path(runDataFiles.resolvedScenario)) });
  const failuresFile = path(runDataFiles.failures);
  const failures = failuresFile === null ? null : await readFailures(failuresFile);
  const provenance = provenanceOf(summary.raw, path(runDataFiles.resolvedScenario));
  return { dir, summary, scenario, jobs, timeseries, requests, provenance, failures };
}
