import { dirname, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { ScenarioError, message } from "../messages.js";
import { discardRows } from "../metrics/row-sink.js";
import { type LoadOptions, loadScenario } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import { type SimulationSinks, simulate } from "../sim/simulate.js";
import { resolvePolicies } from "./resolve-policies.js";
import { type AnyRunSummary, type RunSummary, runAnyToDirectory, runTiming } from "./write-run.js";

/** Options of `runScenario`. */
export interface RunScenarioOptions extends LoadOptions {
  /** Write a full run directory here (summary.json, CSVs, charts, report.html), replaced atomically. */
  outDir?: string | undefined;
  /** With `outDir`: also write charts and report.html (default true). */
  report?: boolean | undefined;
  /** Without `outDir`: where the rows stream (every table defaults to being discarded). */
  sinks?: Partial<SimulationSinks> | undefined;
  /**
   * The file a scenario object came from: plug-in policy paths resolve against its folder
   * (default: the current directory). Ignored when `scenario` is a path.
   */
  scenarioFile?: string | undefined;
}

/**
 * Run one scenario: a file path (loaded, overridden with `set` and `seed`, validated) or an already
 * loaded scenario. With `outDir` it writes the run directory the CLI writes; otherwise it runs in
 * memory and streams rows to `sinks`. Returns summary.json's content.
 */
export async function runScenario(scenario: Scenario | string, options: RunScenarioOptions & { outDir: string }): Promise<AnyRunSummary>;
/** In memory (no `outDir`): always a simulation, so the summary is a RunSummary. */
export async function runScenario(scenario: Scenario | string, options?: RunScenarioOptions & { outDir?: undefined }): Promise<RunSummary>;
export async function runScenario(scenario: Scenario | string, options: RunScenarioOptions = {}): Promise<AnyRunSummary> {
  const file = typeof scenario === "string" ? scenario : (options.scenarioFile ?? resolve("scenario"));
  const loaded = typeof scenario === "string" ? loadScenario(scenario, options) : options.seed === undefined ? scenario : { ...scenario, seed: options.seed };
  if (options.outDir !== undefined) return runAnyToDirectory(loaded, file, options.outDir, { report: options.report ?? true });
  // The fill protocol's table (fill.csv) has no sink here: it is written with the run directory.
  if (loaded.experiment !== undefined) throw new ScenarioError(message.fieldError(file, ["experiment"], "an experiment scenario runs with outDir (it writes fill.csv)"));
  return runInMemory(loaded, file, options.sinks ?? {});
}

/** Simulate without writing files: rows go to `sinks`, the summary comes back with its `run` block. */
async function runInMemory(scenario: Scenario, file: string, sinks: Partial<SimulationSinks>): Promise<RunSummary> {
  const policies = await resolvePolicies(scenario, file, dirname(file));
  const startMs = performance.now();
  const summary = simulate(scenario, policies, { ...sinks, jobs: sinks.jobs ?? discardRows, timeseries: sinks.timeseries ?? discardRows });
  return { ...summary, run: runTiming(startMs, summary.events) };
}
