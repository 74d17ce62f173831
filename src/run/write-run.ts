import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { jobColumns } from "../metrics/job-metrics.js";
import { discardRows } from "../metrics/row-sink.js";
import { round } from "../metrics/stats.js";
import type { Scenario } from "../scenario/schema.js";
import { resolvePolicies } from "./resolve-policies.js";
import { type FillSummary, fillColumns, runFill } from "../sim/fill-experiment.js";
import { type SimulationSummary, simulate, tablesFor, timeseriesColumnsFor } from "../sim/simulate.js";
import { clusterWithPresetDefaults, resolveCluster } from "../scenario/resolve-cluster.js";
import { CsvFileSink } from "../report/csv-file.js";
import { writeAtomically } from "../report/run-dir.js";
import { runFiles } from "../report/run-files.js";
import { TraceEventsFile, traceEventsPath } from "../report/trace-events-file.js";
import { writeReport } from "../report/write-report.js";

export { runFiles };

/** Wall-clock figures: the only part of summary.json that differs between identical runs. */
export interface RunTiming {
  /** Seconds of wall-clock time the simulation took. */
  wallS: number;
  /** Events processed per wall-clock second. */
  eventsPerS: number;
  /** The command line that started the run (the CLI records it; absent for library calls). */
  command?: string;
}

/** summary.json: the deterministic summary plus the `run` block. */
export type RunSummary = SimulationSummary & { run: RunTiming };

/** summary.json of a fill experiment. */
export type FillRunSummary = FillSummary & { run: RunTiming };

/** summary.json of any run: a simulation or an experiment. */
export type AnyRunSummary = RunSummary | FillRunSummary;


/** The `run` block of a run that started at `startMs` (performance.now()), processed `events` and was started by `command` (absent: a library call). */
export function runTiming(startMs: number, events: number, command?: string): RunTiming {
  const wallS = (performance.now() - startMs) / 1000;
  const timing: RunTiming = { wallS: round(wallS), eventsPerS: round(events / Math.max(wallS, 1e-9)) };
  if (command !== undefined) timing.command = command;
  return timing;
}

/** Options of `runToDirectory`. */
export interface RunToDirectoryOptions {
  /** Also write charts/*.svg and report.html (default true; sweeps turn it off per cell). */
  report?: boolean;
  /** Also stream the run's timeline to this Trace Event Format JSON file (Perfetto), outside the run directory. */
  traceEventsFile?: string | undefined;
  /** Called once the trace file is complete, with what it holds. */
  onTraceWritten?: ((trace: { path: string; events: number; bytes: number }) => void) | undefined;
  /** The command line to record in summary.json's `run` block (the report shows it; default: none, a library run). */
  command?: string | undefined;
  /** Progress of the simulation (simulated seconds, events so far), every 2^16 events. */
  progress?: ((nowS: number, eventsProcessed: number) => void) | undefined;
}

/**
 * Run any scenario into `outDir`: a simulation (runToDirectory) or an experiment (the fill
 * protocol). Sweeps, replications and the regression gate use this.
 */
export async function runAnyToDirectory(scenario: Scenario, scenarioFile: string, outDir: string, options: RunToDirectoryOptions = {}): Promise<AnyRunSummary> {
  return scenario.experiment !== undefined ? runExperimentToDirectory(scenario, scenarioFile, outDir, options) : runToDirectory(scenario, scenarioFile, outDir, options);
}

/** Run a simulation scenario and write its outputs (and, by default, its report) into `outDir` atomically. */
export async function runToDirectory(scenario: Scenario, scenarioFile: string, outDir: string, options: RunToDirectoryOptions = {}): Promise<RunSummary> {
  const policies = await resolvePolicies(scenario, scenarioFile, dirname(scenarioFile));
  return writeAtomically(outDir, async (dir) => {
    // `report.rows: none` skips a per-row table (no file); every summary is computed from the same stream either way.
    const rows = scenario.report.rows;
    const jobs = rows.jobs === "all" ? new CsvFileSink(join(dir, runFiles.jobs), jobColumns) : undefined;
    const timeseries = new CsvFileSink(join(dir, runFiles.timeseries), timeseriesColumnsFor(scenario));
    // Each subsystem's tables (audit.csv, requests.csv, ...) get a file named after the table.
    const tables = tablesFor(scenario).map((t) => [t.name, new CsvFileSink(join(dir, runFiles[t.name]), t.columns)] as const);
    const traceFile = options.traceEventsFile;
    const trace = traceFile === undefined ? undefined : new TraceEventsFile(traceEventsPath(traceFile, outDir, dir));
    const startMs = performance.now();
    let summary: SimulationSummary;
    let completed = false;
    try {
      summary = simulate(scenario, policies, { jobs: jobs ?? discardRows, timeseries, ...Object.fromEntries(tables), ...(trace === undefined ? {} : { traceEvents: trace }), onProgress: options.progress });
      completed = true;
    } finally {
      jobs?.close();
      timeseries.close();
      for (const [, sink] of tables) sink.close();
      // A run that throws still leaves a valid JSON trace, marked incomplete.
      trace?.close(!completed);
    }
    if (trace !== undefined && traceFile !== undefined) options.onTraceWritten?.({ path: traceFile, events: trace.events, bytes: trace.bytes });
    const full: RunSummary = { ...summary, run: runTiming(startMs, summary.events, options.command) };
    writeFileSync(join(dir, runFiles.resolvedScenario), resolvedScenarioText(scenario));
    writeFileSync(join(dir, runFiles.summary), `${JSON.stringify(full, null, 2)}\n`);
    if (options.report ?? true) await writeReport(dir);
    return full;
  });
}

/** Run a scenario's experiment (the GPU-sharing fill protocol) and write fill.csv and summary.json atomically. */
export async function runExperimentToDirectory(scenario: Scenario, scenarioFile: string, outDir: string, options: Pick<RunToDirectoryOptions, "command"> = {}): Promise<FillRunSummary> {
  const policies = await resolvePolicies(scenario, scenarioFile, dirname(scenarioFile));
  const groups = resolveCluster(scenario.cluster).groups;
  const fillScenario = {
    ...scenario,
    workloads: scenario.workloads.filter((w) => w.kind !== "inference"),
    cluster: { nodes: groups.map((g) => ({ count: g.count, gpu: g.gpu, gpusPerNode: g.gpusPerNode, name: g.namePrefix, cpuMilli: g.cpuMilli, memoryMiB: g.memoryMiB })) } };
  return writeAtomically(outDir, (dir) => {
    const fill = new CsvFileSink(join(dir, runFiles.fill), fillColumns);
    const startMs = performance.now();
    let summary: FillSummary;
    try {
      summary = runFill(fillScenario, policies.placement, { fill });
    } finally {
      fill.close();
    }
    // The fill protocol is not an event simulation: no events, so an event rate of 0.
    const full: FillRunSummary = { ...summary, run: runTiming(startMs, 0, options.command) };
    writeFileSync(join(dir, runFiles.resolvedScenario), resolvedScenarioText(scenario));
    writeFileSync(join(dir, runFiles.summary), `${JSON.stringify(full, null, 2)}\n`);
    return full;
  });
}

/** resolved-scenario.json: the scenario with every default filled in, presets included. */
export function resolvedScenarioText(scenario: Scenario): string {
  return `${JSON.stringify({ ...scenario, cluster: clusterWithPresetDefaults(scenario.cluster) }, null, 2)}\n`;
}
