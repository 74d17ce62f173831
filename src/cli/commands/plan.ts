import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { ScenarioError, message } from "../../messages.js";
import { type PlanPoint, parseTarget, planCapacity } from "../../sweep/plan.js";
import { withAllowModule } from "../allow-module.js";
import { formatNumber, formatTable } from "../format-table.js";

/** Options of `gpufleet plan`. */
interface PlanArgs {
  scenario: string;
  vary: string;
  target: string[];
  min: number;
  max: number;
  seeds: number;
  set?: string[];
  quiet: boolean;
}

/** `gpufleet plan SCENARIO`: the smallest fleet (or replica count) that meets SLO targets. */
export const planCommand: CommandModule<object, PlanArgs> = {
  command: "plan <scenario>",
  describe: "Find the smallest value of a capacity field (e.g. a node count) that meets every target",
  builder: (y: Argv) =>
    withAllowModule(y)
      .positional("scenario", { type: "string", demandOption: true, describe: "Scenario file" })
      .option("vary", { type: "string", default: "cluster.nodes.0.count", describe: "Integer field to size (a --set path)" })
      .option("target", { type: "string", array: true, demandOption: true, describe: "PATH<=VALUE or PATH>=VALUE on summary.json, repeatable" })
      .option("min", { type: "number", default: 1, describe: "Smallest value to consider" })
      .option("max", { type: "number", default: 64, describe: "Largest value to consider" })
      .option("seeds", { type: "number", default: 1, describe: "Seeds per point (targets apply to the mean)" })
      .option("set", { type: "string", array: true, describe: "Other overrides: dotted.path=value" })
      .option("quiet", { type: "boolean", default: false, describe: "Print only the answer" }) as unknown as Argv<PlanArgs>,
  handler: async (args: ArgumentsCamelCase<PlanArgs>) => {
    if (!Number.isInteger(args.min) || !Number.isInteger(args.max) || args.min < 0 || args.min > args.max) throw new ScenarioError(message.planRange(args.min, args.max));
    const targets = args.target.map(parseTarget);
    const progress = (p: PlanPoint) => {
      if (!args.quiet) process.stderr.write(`plan: ${args.vary}=${p.size} ${p.meets ? "meets" : "misses"} the targets\n`);
    };
    const { size, points } = await planCapacity(args.scenario, { vary: args.vary, targets, min: args.min, max: args.max, seeds: args.seeds, set: args.set ?? [] }, progress);
    if (!args.quiet) {
      const rows = points.map((p) => [String(p.size), ...targets.map((t) => formatNumber(p.metrics[t.path] ?? null, 4)), p.meets ? "yes" : "no"]);
      process.stdout.write(`${formatTable([args.vary, ...targets.map((t) => t.text), "meets"], rows)}\n\n`);
    }
    process.stdout.write(`plan: smallest ${args.vary} meeting ${targets.map((t) => t.text).join(" and ")}: ${size}\n`);
  },
};
