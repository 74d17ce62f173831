import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { writeReport } from "../../report/write-report.js";

/** Options of `gpufleet report`. */
interface ReportArgs {
  runDir: string;
  quiet: boolean;
}

/** `gpufleet report RUN_DIR`: rebuild charts/*.svg and report.html from a run's CSV and JSON files. */
export const reportCommand: CommandModule<object, ReportArgs> = {
  command: "report <run-dir>",
  describe: "Rebuild the charts (charts/*.svg) and the self-contained report.html of a run directory",
  builder: (y: Argv) =>
    y
      .positional("run-dir", { type: "string", demandOption: true, describe: "Run directory written by `gpufleet run --out DIR`" })
      .option("quiet", { type: "boolean", default: false, describe: "Print nothing on success" }) as unknown as Argv<ReportArgs>,
  handler: async (args: ArgumentsCamelCase<ReportArgs>) => {
    const result = await writeReport(args.runDir);
    if (!args.quiet) process.stdout.write(`${result.html}: ${result.charts.length} chart(s) in ${args.runDir}/charts\n`);
  },
};
