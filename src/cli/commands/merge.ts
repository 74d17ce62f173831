import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { mergeSweeps } from "../../sweep/merge-sweeps.js";
import { sweepFiles } from "../../sweep/sweep-manifest.js";

/** Options of `gpufleet merge`. */
interface MergeArgs {
  dirs: string[];
  out?: string;
  quiet: boolean;
}

/** `gpufleet merge DIR...`: combine shard outputs of one sweep into one sweep.csv and report. */
export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: "merge <dirs..>",
  describe: "Merge the outputs of sweep shards (--shard i/n) into one sweep.csv and sweep.html",
  builder: (y: Argv) =>
    y
      .positional("dirs", { type: "string", array: true, demandOption: true, describe: "Sweep output directories (shards of one sweep)" })
      .option("out", { type: "string", describe: "Merged output directory (default: the first DIR)" })
      .option("quiet", { type: "boolean", default: false, describe: "Print nothing on success" })
      .example("$0 merge results/s-1 results/s-2 --out results/s", "") as unknown as Argv<MergeArgs>,
  handler: async (args: ArgumentsCamelCase<MergeArgs>) => {
    const outDir = args.out ?? (args.dirs[0] as string);
    const result = await mergeSweeps(args.dirs, outDir);
    if (args.quiet) return;
    const missing = result.expected - result.rows;
    process.stdout.write(
      `merge ${result.manifest.name}: ${args.dirs.length} director${args.dirs.length === 1 ? "y" : "ies"}, ${result.copied} run(s) copied; ${result.rows} of ${result.expected} runs present${missing > 0 ? ` (${missing} missing: run the remaining shards, or gpufleet sweep --resume)` : ""}\n` +
        `outputs: ${outDir}/ (${sweepFiles.csv}, ${sweepFiles.html}, ${sweepFiles.charts}/)\n`,
    );
  },
};
