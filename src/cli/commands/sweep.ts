import { availableParallelism } from "node:os";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { ScenarioError, message } from "../../messages.js";
import { parseShard } from "../../sweep/grid.js";
import { loadSweep } from "../../sweep/load-sweep.js";
import { runSweep } from "../../sweep/run-sweep.js";
import { sweepFiles } from "../../sweep/sweep-manifest.js";
import { formatNumber } from "../format-table.js";
import { progressBar, progressWanted } from "../progress-bar.js";

/** Options of `gpufleet sweep`. */
interface SweepArgs {
  file: string;
  workers?: number;
  out?: string;
  resume: boolean;
  shard?: string;
  quiet: boolean;
}

/** Exit code of a sweep stopped by Ctrl-C (128 + SIGINT), as shells expect. */
export const INTERRUPTED_EXIT_CODE = 130;

/** Parse and check `--workers` (default: the machine's cores, at most 8). */
export function workerCount(value: number | undefined): number {
  if (value === undefined) return Math.max(1, Math.min(8, availableParallelism()));
  if (!Number.isInteger(value) || value < 1 || value > 256) throw new ScenarioError(message.badWorkers(String(value)));
  return value;
}

/** `gpufleet sweep FILE`: grid × policies × seeds on worker threads, then sweep.csv and a report. */
export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: "sweep <file>",
  describe: "Run a parameter sweep (grid x policies x seeds) in parallel and write sweep.csv and sweep.html",
  builder: (y: Argv) =>
    y
      .positional("file", { type: "string", demandOption: true, describe: "Sweep file (.yaml)" })
      .option("workers", { type: "number", describe: "Worker threads (default: CPU cores, at most 8)" })
      .option("out", { type: "string", describe: "Output directory (default results/sweep-<name>)" })
      .option("resume", { type: "boolean", default: false, describe: "Skip runs whose run directory already has a summary.json" })
      .option("shard", { type: "string", describe: "Run only shard i of n (every n-th cell, from cell i-1), e.g. 2/8" })
      .option("quiet", { type: "boolean", default: false, describe: "Print nothing on success" })
      .example("$0 sweep scenarios/sweeps/policies.yaml --workers 2", "")
      .example("$0 sweep sweep.yaml --shard $SLURM_ARRAY_TASK_ID/8 --out results/s-$SLURM_ARRAY_TASK_ID", "then: gpufleet merge results/s-*") as unknown as Argv<SweepArgs>,
  handler: async (args: ArgumentsCamelCase<SweepArgs>) => {
    const workers = workerCount(args.workers);
    const shard = args.shard === undefined ? undefined : (parseShard(args.shard) ?? undefined);
    if (args.shard !== undefined && shard === undefined) throw new ScenarioError(message.badShard(args.shard));
    const plan = loadSweep(args.file);
    const outDir = args.out ?? `results/sweep-${plan.name}`;
    const abort = new AbortController();
    const onSigint = (): void => abort.abort();
    process.once("SIGINT", onSigint);
    const bar = progressBar(`sweep ${plan.name}`, !args.quiet && progressWanted());
    let result: Awaited<ReturnType<typeof runSweep>>;
    try {
      result = await runSweep(plan, { outDir, workers, resume: args.resume, shard, signal: abort.signal, onProgress: bar.update });
    } finally {
      bar.stop();
      process.removeListener("SIGINT", onSigint);
    }
    const runs = `${result.ran} run(s) in ${formatNumber(result.wallS, 2)} s on ${result.workers} worker(s)${result.skipped > 0 ? `, ${result.skipped} skipped (finished before)` : ""}`;
    if (result.interrupted) {
      process.stderr.write(`sweep ${plan.name}: interrupted after ${runs}; finished runs are kept in ${outDir}/ (continue with --resume)\n`);
      process.exitCode = INTERRUPTED_EXIT_CODE;
      return;
    }
    if (args.quiet) return;
    const shardText = shard === undefined ? "" : ` (shard ${shard.index}/${shard.count}: ${result.planned} runs)`;
    process.stdout.write(
      `sweep ${plan.name}: ${plan.cells.length} cells x ${plan.seeds.length} seeds${shardText}; ${runs}\n` +
        `outputs: ${outDir}/ (${sweepFiles.csv}: ${result.rows} rows, ${sweepFiles.html}, ${sweepFiles.charts}/, ${sweepFiles.cells}/<cell>/seed<N>/)\n`,
    );
  },
};
