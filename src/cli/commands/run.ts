import { performance } from "node:perf_hooks";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { ScenarioError, message } from "../../messages.js";
import { loadScenario } from "../../scenario/load.js";
import type { ReplicationSummary } from "../../run/replications.js";
import { runReplicationsOnPool } from "../../sweep/replications-pool.js";
import { workerCount } from "../../sweep/worker-count.js";
import { keyMetrics } from "../../report/summary-metrics.js";
import { type FillRunSummary, runExperimentToDirectory, runToDirectory } from "../../run/write-run.js";
import { withAllowModule } from "../allow-module.js";
import { traceEventsOptions } from "../trace-events-option.js";
import { commandLine } from "../command-line.js";
import { formatRunSummary } from "../format-summary.js";
import { progressBar, progressWanted, simulationProgress } from "../progress-bar.js";
import { formatCi } from "../format-ci.js";
import { parseSeedOption } from "../seed-option.js";
import { formatNumber, formatTable } from "../format-table.js";

/** Options of `gpufleet run`. */
interface RunArgs {
  scenario: string;
  out?: string;
  seed?: number;
  seeds?: number;
  workers?: number;
  set?: string[];
  quiet: boolean;
  report: boolean;
  traceEvents?: string;
}

/** The printed summary of replications: each key metric as mean ± 95 % CI over the seeds. */
export function replicationTable(summary: ReplicationSummary, outDir: string, wallS: number): string {
  const seeds = summary.seeds;
  const rows = keyMetrics.map((m) => {
    const ci = lookupInterval(summary, m.path);
    return [m.unit === "" ? m.label : `${m.label} (${m.unit})`, formatCi(ci), formatNumber(ci?.ciLow), formatNumber(ci?.ciHigh), formatNumber(ci?.sd), ci?.method ?? "-"];
  });
  return [
    `scenario ${summary.scenario}  seeds ${seeds[0]}..${seeds[seeds.length - 1]} (${seeds.length} replications, ${formatNumber(wallS, 2)} s wall)`,
    "",
    formatTable(["metric", "mean ± 95 % CI", "CI low", "CI high", "sd", "interval"], rows),
    "",
    "intervals stay inside each metric's range: t = mean ± Student t; log-normal-cox = Cox's interval on the log scale (>= 0 or >= 1); bootstrap-percentile = percentile bootstrap of the mean (fixed seed)",
    "",
    `outputs: ${outDir}/ (summary.json with the replications block; seed<N>/ run directories)`,
  ].join("\n");
}

/** The printed summary of a fill experiment. */
export function fillTable(summary: FillRunSummary, outDir: string): string {
  const f = summary.fill;
  return [
    `fill experiment ${summary.scenario}  seed ${summary.seed}  placement ${summary.policy}  (${formatNumber(summary.run.wallS, 2)} s wall)`,
    `pods: ${summary.pods.arrived} arrived, ${summary.pods.placed} placed, ${summary.pods.failed} failed; ${summary.gpus.total} GPUs`,
    `unallocated GPU at 100 % arrived workload: ${formatNumber(f.unallocatedPctAt100, 2)} %  (fragmented: ${formatNumber(f.fragmentationPctAt100, 2)} %)`,
    `allocated at the end: ${formatNumber(f.allocatedPctAtEnd, 2)} %; first failure at ${formatNumber(f.firstFailureArrivedPct, 1)} % arrived`,
    "",
    `outputs: ${outDir}/ (fill.csv, summary.json, resolved-scenario.json)`,
  ].join("\n");
}

/** The interval at a dotted path of the replications block. */
function lookupInterval(summary: ReplicationSummary, path: string): Parameters<typeof formatCi>[0] {
  let node: unknown = summary.replications;
  for (const key of path.split(".")) node = node === undefined || node === null ? undefined : (node as Record<string, unknown>)[key];
  return node as Parameters<typeof formatCi>[0];
}

/** `gpufleet run SCENARIO`: simulate and write the outputs. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: "run <scenario>",
  describe: "Run a scenario and write summary.json, jobs.csv, timeseries.csv",
  builder: (y: Argv) =>
    withAllowModule(y)
      .positional("scenario", { type: "string", demandOption: true, describe: "Scenario file (.yaml, .yml or .json)" })
      .option("out", { type: "string", describe: "Output directory (default results/<name>-seed<N>)" })
      .option("seed", { type: "string", coerce: parseSeedOption, describe: "Override the scenario seed (a whole number >= 0)" })
      .option("seeds", { type: "number", describe: "Replications: run seeds seed..seed+N-1 and report mean ± 95 % CI (default: the scenario's seeds)" })
      .option("workers", { type: "number", describe: "With --seeds: worker threads running the seeds in parallel (default: the machine's CPU cores; 1 runs them one after another in this process)" })
      .option("set", { type: "string", array: true, describe: "Override a field: dotted.path=value (repeatable)" })
      .option("report", { type: "boolean", default: true, describe: "Write report.html and charts/ (--no-report skips them; gpufleet report DIR builds them later)" })
      .option("trace-events", { type: "string", describe: "Also write the run's timeline (GPU occupancy, failures, batch iterations) as Chrome trace / Perfetto JSON to this file; one run, so not with --seeds N > 1" })
      .option("quiet", { type: "boolean", default: false, describe: "Print nothing on success" }) as unknown as Argv<RunArgs>,
  handler: async (args: ArgumentsCamelCase<RunArgs>) => {
    const scenario = loadScenario(args.scenario, { set: args.set ?? [], seed: args.seed });
    const seeds = args.seeds ?? scenario.seeds;
    if (!Number.isInteger(seeds) || seeds < 1 || seeds > 1000) throw new ScenarioError(message.badSeeds(String(args.seeds)));
    if (args.traceEvents !== undefined && seeds > 1) throw new ScenarioError(message.traceEventsOneRun(`--seeds ${seeds} runs ${seeds}; trace one of them with --seed N`));
    if (args.traceEvents !== undefined && scenario.experiment !== undefined) throw new ScenarioError(message.traceEventsOneRun("a fill experiment is not a simulation run"));
    if (seeds > 1) {
      const outDir = args.out ?? `results/${scenario.name}-seeds${scenario.seed}-${scenario.seed + seeds - 1}`;
      const startMs = performance.now();
      const workers = workerCount(args.workers);
      const bar = progressBar(`${scenario.name} --seeds ${seeds}`, !args.quiet && progressWanted(), "seeds");
      let summary: ReplicationSummary;
      try {
        bar.update(0, seeds, `${Math.min(workers, seeds)} worker${Math.min(workers, seeds) === 1 ? "" : "s"}`);
        const onRun = (run: { seed: number }, done: number, count: number) => bar.update(done, count, `seed ${run.seed} done`);
        ({ summary } = await runReplicationsOnPool(scenario, args.scenario, outDir, { seeds, workers, report: args.report, command: commandLine(), onRun }));
      } finally {
        bar.stop();
      }
      if (args.quiet) return;
      // Caveats go to stderr, one line each, so the table on stdout stays parseable.
      for (const warning of summary.warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(`${replicationTable(summary, outDir, (performance.now() - startMs) / 1000)}\n`);
      return;
    }
    const outDir = args.out ?? `results/${scenario.name}-seed${scenario.seed}`;
    if (scenario.experiment !== undefined) {
      const fill = await runExperimentToDirectory(scenario, args.scenario, outDir, { command: commandLine() });
      if (!args.quiet) process.stdout.write(`${fillTable(fill, outDir)}\n`);
      return;
    }
    // A progress line on a terminal (simulated time / horizon, events/s); quiet in CI and when piped.
    const showProgress = !args.quiet && progressWanted();
    const progress = simulationProgress(scenario.horizon.durationS, showProgress);
    let summary: Awaited<ReturnType<typeof runToDirectory>>;
    try {
      summary = await runToDirectory(scenario, args.scenario, outDir, {
        report: args.report,
        ...traceEventsOptions(args.traceEvents, args.quiet),
        command: commandLine(),
        progress: showProgress ? progress.onProgress : undefined,
      });
    } finally {
      progress.stop();
    }
    if (!args.quiet) process.stdout.write(`${formatRunSummary(summary, scenario, outDir)}\n`);
  },
};
