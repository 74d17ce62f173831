import { existsSync } from "node:fs";
import { withAllowModule } from "../allow-module.js";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { compareFiles, writeCompareOutputs } from "../../report/compare-report.js";
import { type MetricComparison, type RunGroup, compareGroups, loadComparison } from "../../report/compare-runs.js";
import { keyMetrics } from "../../report/summary-metrics.js";
import { formatCi } from "../format-ci.js";
import { formatTable } from "../format-table.js";

/** Options of `gpufleet compare`. */
interface CompareArgs {
  dirs: string[];
  out?: string;
  quiet: boolean;
}

/** The first free `results/compare-<n>` (n = 1, 2, ...). */
export function defaultCompareDir(root = "results"): string {
  let n = 1;
  while (existsSync(`${root}/compare-${n}`)) n++;
  return `${root}/compare-${n}`;
}

/** The printed comparison: key metrics per run, mean ± 95 % CI, `*` where different from the first run. */
export function compareTable(groups: readonly RunGroup[], comparisons: readonly MetricComparison[]): string {
  const rows = keyMetrics.flatMap((m) => {
    const c = comparisons.find((x) => x.path === m.path);
    if (c === undefined) return [];
    const label = m.unit === "" ? m.label : `${m.label} (${m.unit})`;
    return [[label, ...c.stats.map((s) => `${formatCi(s.ci)}${s.significant ? " *" : "  "}`)]];
  });
  const header = ["metric", ...groups.map((g) => `${g.label} (n=${g.runDirs.length})`)];
  const several = groups.some((g) => g.runDirs.length > 1);
  const note = several
    ? `mean ± 95 % CI across seeds; * differs from ${groups[0]?.label} at 5 % (Welch's t-test)`
    : "one seed per run: no confidence intervals or significance (run with --seeds N, or compare sweep cells)";
  return `${formatTable(header, rows)}\n\n${note}`;
}

/** `gpufleet compare DIR...`: runs side by side with confidence intervals and significance. */
export const compareCommand: CommandModule<object, CompareArgs> = {
  command: "compare <dirs..>",
  describe: "Compare runs side by side (mean ± 95 % CI, Welch's t-test) and write compare.csv and charts",
  builder: (y: Argv) =>
    withAllowModule(y)
      .positional("dirs", { type: "string", array: true, demandOption: true, describe: "Run directories, replication directories (seed<N>/ inside) or sweep directories" })
      .option("out", { type: "string", describe: "Output directory (default results/compare-<n>)" })
      .option("quiet", { type: "boolean", default: false, describe: "Print nothing on success" })
      .example("$0 compare results/a results/b", "two run or replication directories")
      .example("$0 compare results/sweep-policies/cells/000-* results/sweep-policies/cells/002-*", "two sweep cells") as unknown as Argv<CompareArgs>,
  handler: async (args: ArgumentsCamelCase<CompareArgs>) => {
    const groups = loadComparison(args.dirs);
    const comparisons = compareGroups(groups);
    const outDir = args.out ?? defaultCompareDir();
    await writeCompareOutputs(outDir, groups, comparisons);
    if (args.quiet) return;
    process.stdout.write(`${compareTable(groups, comparisons)}\n\noutputs: ${outDir}/ (${compareFiles.csv}, ${compareFiles.html}, ${compareFiles.charts}/)\n`);
  },
};
