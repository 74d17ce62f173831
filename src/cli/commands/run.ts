import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { loadScenario } from "../../scenario/load.js";
import { type RunSummary, runToDirectory } from "../../report/write-run.js";
import { formatNumber, formatTable } from "../format-table.js";

/** Options of `gpufleet run`. */
interface RunArgs {
  scenario: string;
  out?: string;
  seed?: number;
  set?: string[];
  quiet: boolean;
}

/** The printed summary: the figures people look at first. */
export function summaryTable(summary: RunSummary, outDir: string): string {
  const { jobs, gpus } = summary;
  const stat = (label: string, s: typeof jobs.waitS, unit: string) => [
    `${label} (${unit})`,
    formatNumber(s.mean),
    formatNumber(s.p50),
    formatNumber(s.p90),
    formatNumber(s.p99),
    formatNumber(s.max),
  ];
  const lines = [
    `scenario ${summary.scenario}  seed ${summary.seed}  simulated ${formatNumber(summary.simulatedS, 1)} s  events ${summary.events.toLocaleString("en-US")}  (${formatNumber(summary.run.wallS, 2)} s wall, ${formatNumber(summary.run.eventsPerS, 0)} events/s)`,
    `jobs: ${jobs.submitted} submitted, ${jobs.completed} completed, ${jobs.rejected} rejected, ${jobs.unfinished} unfinished; P(wait) ${formatNumber(jobs.probWait)}`,
    `GPUs: ${gpus.total} total, ${formatNumber(gpus.allocatedFraction * 100, 1)} % allocated (time-averaged)`,
    "",
    formatTable(["metric", "mean", "p50", "p90", "p99", "max"], [stat("wait", jobs.waitS, "s"), stat("JCT", jobs.jctS, "s"), stat("slowdown", jobs.slowdown, "x")]),
    "",
    `outputs: ${outDir}/ (summary.json, jobs.csv, timeseries.csv, resolved-scenario.json)`,
  ];
  return lines.join("\n");
}

/** `gpufleet run SCENARIO`: simulate and write the outputs. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: "run <scenario>",
  describe: "Run a scenario and write summary.json, jobs.csv, timeseries.csv",
  builder: (y: Argv) =>
    y
      .positional("scenario", { type: "string", demandOption: true, describe: "Scenario file (.yaml, .yml or .json)" })
      .option("out", { type: "string", describe: "Output directory (default results/<name>-seed<N>)" })
      .option("seed", { type: "number", describe: "Override the scenario seed" })
      .option("set", { type: "string", array: true, describe: "Override a field: dotted.path=value (repeatable)" })
      .option("quiet", { type: "boolean", default: false, describe: "Print nothing on success" }) as unknown as Argv<RunArgs>,
  handler: async (args: ArgumentsCamelCase<RunArgs>) => {
    const scenario = loadScenario(args.scenario, { set: args.set ?? [], seed: args.seed });
    const outDir = args.out ?? `results/${scenario.name}-seed${scenario.seed}`;
    const summary = await runToDirectory(scenario, args.scenario, outDir);
    if (!args.quiet) process.stdout.write(`${summaryTable(summary, outDir)}\n`);
  },
};
