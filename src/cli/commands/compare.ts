import { existsSync } from "node:fs";
import { withAllowModule } from "../allow-module.js";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import type { DifferenceInterval } from "../../metrics/difference.js";
import { comparisonMethodText, compareFiles, writeCompareOutputs } from "../../report/compare-report.js";
import { type MetricComparison, type RunGroup, compareGroups, comparisonMethods, loadComparison } from "../../report/compare-runs.js";
import { keyMetrics } from "../../report/summary-metrics.js";
import { formatCi } from "../format-ci.js";
import { formatNumber, formatTable } from "../format-table.js";

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

/** A difference with its interval: `+1.23 [0.4, 2.1]` (`-` when there is none). */
function formatDiff(d: DifferenceInterval | null): string {
  if (d === null || d.meanDiff === null) return "-";
  const sign = d.meanDiff > 0 ? "+" : "";
  return d.ciLow === null || d.ciHigh === null ? `${sign}${formatNumber(d.meanDiff)}` : `${sign}${formatNumber(d.meanDiff)} [${formatNumber(d.ciLow)}, ${formatNumber(d.ciHigh)}]`;
}

/**
 * The printed comparison: key metrics per run, mean ± 95 % CI, `*` where different from the first
 * run; then each later run's difference from the first with its interval, paired by seed where
 * the runs share seeds.
 */
export function compareTable(groups: readonly RunGroup[], comparisons: readonly MetricComparison[]): string {
  const methods = comparisonMethods(groups);
  const keyed = keyMetrics.flatMap((m) => {
    const c = comparisons.find((x) => x.path === m.path);
    return c === undefined ? [] : [{ label: m.unit === "" ? m.label : `${m.label} (${m.unit})`, c }];
  });
  const rows = keyed.map(({ label, c }) => [label, ...c.stats.map((s) => `${formatCi(s.ci)}${s.significant ? " *" : "  "}`)]);
  const header = ["metric", ...groups.map((g, i) => `${g.label} (n=${g.runDirs.length}${methods[i] === "paired-t" ? ", paired" : ""})`)];
  const several = groups.some((g) => g.runDirs.length > 1);
  if (!several) return `${formatTable(header, rows)}\n\none seed per run: no confidence intervals or significance (run with --seeds N, or compare sweep cells)`;
  const note = `mean ± 95 % CI across seeds (inside each metric's range); * differs from ${groups[0]?.label} at 5 % (paired t on per-seed differences when runs share seeds, Welch's t-test otherwise)`;
  const lines = [formatTable(header, rows), "", note];
  if (groups.length > 1) {
    const diffRows = keyed.map(({ label, c }) => [label, ...c.stats.slice(1).map((s) => `${formatDiff(s.diff)}${s.significant ? " *" : "  "}`)]);
    const diffHeader = [`difference vs ${groups[0]?.label ?? ""}`, ...groups.slice(1).map((g, i) => `${g.label} (${methods[i + 1] === "paired-t" ? "paired" : "Welch"})`)];
    lines.push("", formatTable(diffHeader, diffRows), "", comparisonMethodText(groups));
  }
  return lines.join("\n");
}

/** `gpufleet compare DIR...`: runs side by side with confidence intervals and significance. */
export const compareCommand: CommandModule<object, CompareArgs> = {
  command: "compare <dirs..>",
  describe: "Compare runs side by side (mean ± 95 % CI; differences paired by seed when runs share seeds, else Welch) and write compare.csv and charts",
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
