import { withAllowModule } from "../allow-module.js";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { CheckFailedError, message } from "../../messages.js";
import { type MetricCheck, regressionDetails, runRegress } from "../../sweep/regress.js";
import { formatNumber, formatTable } from "../format-table.js";

/** Options of `gpufleet regress`. */
interface RegressArgs {
  manifest: string;
  out: string;
  update: boolean;
  only?: string[];
  quiet: boolean;
}

/** Default manifest of the regression suite. */
export const DEFAULT_MANIFEST = "results/baselines/manifest.yaml";

/** The printed checks: baseline, now, change and verdict per metric. */
export function regressTable(checks: readonly MetricCheck[]): string {
  const rows = checks.map((c) => {
    const change = c.baseline !== null && c.now !== null && c.baseline !== 0 ? `${formatNumber(((c.now - c.baseline) / Math.abs(c.baseline)) * 100, 2)} %` : "-";
    const verdict = c.status === "regressed" ? "REGRESSED" : c.status;
    return [`${c.name} ${c.path}`, formatNumber(c.baseline, 4), formatNumber(c.now, 4), change, `±${formatNumber(c.allowed, 4)}`, c.tolerance.direction, verdict];
  });
  return formatTable(["check", "baseline", "now", "change", "allowed", "direction", "verdict"], rows);
}

/** `gpufleet regress`: the CI gate; exit 1 when a metric regressed beyond its tolerance. */
export const regressCommand: CommandModule<object, RegressArgs> = {
  command: "regress",
  describe: "Run the scenarios of a baselines manifest and fail (exit 1) when a metric regressed",
  builder: (y: Argv) =>
    withAllowModule(y)
      .option("manifest", { type: "string", default: DEFAULT_MANIFEST, describe: "Baselines manifest (baselines are <name>.json beside it)" })
      .option("out", { type: "string", default: "results/regress", describe: "Where the runs are written (<out>/<name>/seed<N>/)" })
      .option("update", { type: "boolean", default: false, describe: "Rewrite the baselines from this run instead of checking" })
      .option("only", { type: "string", array: true, describe: "Only these manifest entries (by name)" })
      .option("quiet", { type: "boolean", default: false, describe: "Print only failures" })
      .example("$0 regress", "check against results/baselines/")
      .example("$0 regress --update", "record new baselines (commit them)") as unknown as Argv<RegressArgs>,
  handler: async (args: ArgumentsCamelCase<RegressArgs>) => {
    const result = await runRegress({
      manifestFile: args.manifest,
      outDir: args.out,
      update: args.update,
      only: args.only,
      onEntry: (e) => {
        if (!args.quiet) process.stderr.write(`regress: ${e.name} (${e.scenario}, ${e.seeds} seed${e.seeds === 1 ? "" : "s"})\n`);
      },
    });
    if (args.update) {
      if (!args.quiet) process.stdout.write(`${result.written.map((p) => `wrote ${p}`).join("\n")}\n`);
      return;
    }
    const failed = regressionDetails(result.checks);
    if (!args.quiet || failed.length > 0) process.stdout.write(`${regressTable(result.checks)}\n`);
    if (failed.length > 0) throw new CheckFailedError(message.regressFailed(failed));
    if (!args.quiet) process.stdout.write(`\nregress: all ${result.checks.length} checks passed\n`);
  },
};
