import { resolve } from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { ScenarioError, message } from "../../messages.js";
import { emitLaunchTemplate, emitKinds } from "../../sweep/emit-template.js";
import { loadSweep } from "../../sweep/load-sweep.js";
import { runSweep } from "../../sweep/run-sweep.js";
import { parseShard, shardText } from "../../sweep/shard.js";
import { sweepFiles } from "../../sweep/sweep-manifest.js";
import { workerCount } from "../../sweep/worker-count.js";
import { withAllowModule } from "../allow-module.js";
import { commandLine } from "../command-line.js";
import { formatNumber } from "../format-table.js";
import { progressBar, progressWanted } from "../progress-bar.js";

/** Options of `gpufleet sweep`. */
interface SweepArgs {
  file: string;
  workers?: number;
  out?: string;
  resume: boolean;
  shard?: string;
  emit?: string;
  shards?: number;
  cli?: string;
  workdir?: string;
  sbatch?: string;
  image?: string;
  claim?: string;
  mount?: string;
  quiet: boolean;
}

/** Exit code of a sweep stopped by Ctrl-C (128 + SIGINT), as shells expect. */
export const INTERRUPTED_EXIT_CODE = 130;

/** `gpufleet sweep FILE`: grid × policies × seeds on worker threads, then sweep.csv and a report; or a Slurm/Kubernetes launch template. */
export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: "sweep <file>",
  describe: "Run a parameter sweep (grid x policies x seeds) in parallel and write sweep.csv and sweep.html, or emit a Slurm/Kubernetes job array for it",
  builder: (y: Argv) =>
    withAllowModule(y)
      .positional("file", { type: "string", demandOption: true, describe: "Sweep file (.yaml)" })
      .option("workers", { type: "number", describe: "Worker threads (default: the machine's CPU cores; with --emit: CPUs per array task, default 1)" })
      .option("out", { type: "string", describe: "Output directory, shared by all shards (default results/sweep-<name>)" })
      .option("resume", { type: "boolean", default: false, describe: "Skip runs whose run directory already has a summary.json (always on with --shard)" })
      .option("shard", { type: "string", describe: "Run only shard I of N (every N-th run, I from 0): I/N, or auto (SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX)" })
      .option("emit", { type: "string", describe: "Print a launch template instead of running: slurm (sbatch job array + afterok merge job) or k8s (Indexed Job + merge Job)" })
      .option("shards", { type: "number", describe: "With --emit: array tasks (default: one per run, at most 64)" })
      .option("cli", { type: "string", describe: "With --emit: how the tasks call gpufleet (default: node dist/cli/main.js)" })
      .option("workdir", { type: "string", describe: "With --emit slurm: directory the jobs run in (default: the current directory)" })
      .option("sbatch", { type: "string", describe: 'With --emit slurm: extra sbatch options for both jobs, e.g. --sbatch="--partition=cpu --time=02:00:00"' })
      .option("image", { type: "string", describe: "With --emit k8s: container image built from the Dockerfile (default gpufleet:<version>)" })
      .option("claim", { type: "string", describe: "With --emit k8s: ReadWriteMany PersistentVolumeClaim for the results (default gpufleet-results)" })
      .option("mount", { type: "string", describe: "With --emit k8s: where the claim is mounted (default /results)" })
      .option("quiet", { type: "boolean", default: false, describe: "Print nothing on success" })
      // Examples without a description column, each under 78 characters: they never wrap mid-command.
      .example("$0 sweep scenarios/sweeps/policies.yaml --workers 2", "")
      .example("$0 sweep scenarios/sweeps/policies.yaml --emit slurm > submit.sh", "")
      .example("$0 sweep scenarios/sweeps/policies.yaml --emit k8s > sweep.k8s.yaml", "")
      .example("$0 sweep scenarios/sweeps/policies.yaml --shard 0/4 --out results/s", "")
      .example("$0 merge results/s", "") as unknown as Argv<SweepArgs>,
  handler: async (args: ArgumentsCamelCase<SweepArgs>) => {
    if (args.emit !== undefined) {
      if (args.shard !== undefined) throw new ScenarioError(message.shardWithEmit());
      const kind = emitKinds.find((k) => k === args.emit);
      if (kind === undefined) throw new ScenarioError(message.badEmit(args.emit, emitKinds));
      process.stdout.write(emitLaunchTemplate(kind, loadSweep(args.file), { ...args, workdir: resolve(args.workdir ?? ".") }));
      return;
    }
    const workers = workerCount(args.workers);
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const plan = loadSweep(args.file);
    const outDir = args.out ?? `results/sweep-${plan.name}`;
    const abort = new AbortController();
    const onSigint = (): void => abort.abort();
    process.once("SIGINT", onSigint);
    const bar = progressBar(`sweep ${plan.name}`, !args.quiet && progressWanted());
    let result: Awaited<ReturnType<typeof runSweep>>;
    try {
      result = await runSweep(plan, { outDir, workers, resume: args.resume, shard, signal: abort.signal, onProgress: bar.update, command: commandLine() });
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
    const total = plan.cells.length * plan.seeds.length;
    if (shard !== undefined) {
      process.stdout.write(
        `sweep ${plan.name}: shard ${shardText(shard)}: ${result.planned} of ${total} runs; ${runs}\n` +
          `outputs: ${outDir}/${sweepFiles.cells}/<cell>/seed<N>/ (${result.rows} of ${total} runs present; when every shard is done: gpufleet merge ${outDir})\n`,
      );
      return;
    }
    process.stdout.write(
      `sweep ${plan.name}: ${plan.cells.length} cells x ${plan.seeds.length} seeds; ${runs}\n` +
        `outputs: ${outDir}/ (${sweepFiles.csv}: ${result.rows} rows, ${sweepFiles.html}, ${sweepFiles.charts}/, ${sweepFiles.cells}/<cell>/seed<N>/)\n`,
    );
  },
};
