import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { CheckFailedError, ScenarioError, message } from "../../messages.js";
import { mergeSweeps, waitForRuns } from "../../sweep/merge-sweeps.js";
import { sweepFiles } from "../../sweep/sweep-manifest.js";

/** Options of `gpufleet merge`. */
interface MergeArgs {
  dirs: string[];
  out?: string;
  wait?: number;
  quiet: boolean;
}

/** Missing runs named in the error line before "... (N more)". */
const MISSING_NAMED = 10;

/** `gpufleet merge DIR...`: combine the runs of a sharded sweep into sweep.csv, sweep.json and the report; exit 1 when runs are missing. */
export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: "merge <dirs..>",
  describe: "Merge a sharded sweep (--shard I/N into one DIR, or several DIRs) into sweep.csv, sweep.json and sweep.html; exit 1 naming missing runs",
  builder: (y: Argv) =>
    y
      .positional("dirs", { type: "string", array: true, demandOption: true, describe: "The sweep's shared results directory, or shard directories of one sweep" })
      .option("out", { type: "string", describe: "Merged output directory (default: the first DIR)" })
      .option("wait", { type: "number", describe: "Wait up to this many seconds for the shards to finish every run (a merge Job beside an Indexed Job)" })
      .option("quiet", { type: "boolean", default: false, describe: "Print nothing on success" })
      .example("$0 merge results/sweep-policies", "")
      .example("$0 merge results/s-0 results/s-1 --out results/s", "") as unknown as Argv<MergeArgs>,
  handler: async (args: ArgumentsCamelCase<MergeArgs>) => {
    if (args.wait !== undefined) {
      if (!Number.isFinite(args.wait) || args.wait < 0) throw new ScenarioError(message.badWait(String(args.wait)));
      if (!(await waitForRuns(args.dirs, args.wait))) throw new CheckFailedError(message.mergeWaitTimeout(args.dirs[0] as string, args.wait));
    }
    const outDir = args.out ?? (args.dirs[0] as string);
    const result = await mergeSweeps(args.dirs, outDir);
    if (result.missing.length > 0) {
      throw new CheckFailedError(message.mergeIncomplete(outDir, result.missing.length, result.expected, result.missing.slice(0, MISSING_NAMED)));
    }
    if (args.quiet) return;
    process.stdout.write(
      `merge ${result.manifest.name}: ${args.dirs.length} director${args.dirs.length === 1 ? "y" : "ies"}, ${result.copied} run(s) copied; ${result.rows} of ${result.expected} runs present\n` +
        `outputs: ${outDir}/ (${sweepFiles.csv}, ${sweepFiles.manifest}, ${sweepFiles.html}, ${sweepFiles.charts}/)\n`,
    );
  },
};
