import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { CheckFailedError, ScenarioError, message } from "../../messages.js";
import type { PlanPoint } from "../../sweep/plan.js";
import { parseTarget } from "../../sweep/plan.js";
import { parseGpuList } from "../../sweep/plan-gpus.js";
import { checkPlanOut, PLAN_FILE, writePlanDir } from "../../sweep/plan-output.js";
import { type PlanCandidateJson, type PlanStudy, runPlanStudy } from "../../sweep/plan-study.js";
import { formatCount } from "../../report/charts/theme.js";
import { withAllowModule } from "../allow-module.js";
import { formatTable } from "../format-table.js";

/** Options of `gpufleet plan`. */
interface PlanArgs {
  scenario: string;
  vary: string;
  target: string[];
  min: number;
  max: number;
  seeds: number;
  set?: string[];
  out?: string;
  compareGpus?: string;
  quiet: boolean;
}

/** A metric to 4 significant digits. */
function sig(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** `12.3 [11.9, 12.8]`: a metric's mean and interval for the table. */
function meanWithInterval(c: PlanCandidateJson, path: string): string {
  const m = c.metrics[path];
  if (m === undefined || m.mean === null) return "–";
  return m.ciLow === null || m.ciHigh === null ? sig(m.mean) : `${sig(m.mean)} [${sig(m.ciLow)}, ${sig(m.ciHigh)}]`;
}

/** Monthly fleet cost for tables. */
function monthly(usd: number | null | undefined): string {
  return usd === null || usd === undefined ? "–" : `$${formatCount(usd)}`;
}

/** The candidates table of one search. */
function candidatesTable(study: PlanStudy, candidates: readonly PlanCandidateJson[]): string {
  const yesNo = (v: boolean | null) => (v === null ? "–" : v ? "yes" : "no");
  const rows = candidates.map((c) => [String(c.value), ...study.targets.map((t) => meanWithInterval(c, t.path)), yesNo(c.meets), yesNo(c.meetsWithConfidence), monthly(c.cost?.usdPerMonth)]);
  return formatTable([study.vary, ...study.targets.map((t) => `${t.text} (mean [95% CI])`), "meets", "meets at CI", "cost/month"], rows);
}

/** The --compare-gpus table: the answer per GPU type, its metrics and monthly cost. */
function gpuTable(study: PlanStudy): string {
  const rows = (study.compareGpus ?? []).map((g) => {
    const at = g.candidates.find((c) => c.value === g.answer);
    return [g.gpu, g.answer === null ? `none <= ${study.max}` : String(g.answer), ...study.targets.map((t) => (at === undefined ? "–" : meanWithInterval(at, t.path))), monthly(g.usdPerMonth)];
  });
  return formatTable(["gpu", "answer", ...study.targets.map((t) => t.path), "cost/month"], rows);
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
      .option("seeds", { type: "number", default: 1, describe: "Seeds per point (targets apply to the mean; 2 or more give confidence intervals)" })
      .option("set", { type: "string", array: true, describe: "Other overrides: dotted.path=value" })
      .option("out", { type: "string", describe: "Write DIR/plan.json (answer, candidates with means, 95 % CIs and cost) and DIR/charts/plan.{svg,vl.json}" })
      .option("compare-gpus", { type: "string", describe: "Search once per GPU type of the varied node group (e.g. H100-SXM,H200,B200) and report the cheapest" })
      .option("quiet", { type: "boolean", default: false, describe: "Print only the answer" }) as unknown as Argv<PlanArgs>,
  handler: async (args: ArgumentsCamelCase<PlanArgs>) => {
    if (!Number.isInteger(args.min) || !Number.isInteger(args.max) || args.min < 0 || args.min > args.max) throw new ScenarioError(message.planRange(args.min, args.max));
    const targets = args.target.map(parseTarget);
    const compareGpus = args.compareGpus === undefined ? undefined : parseGpuList(args.compareGpus);
    if (args.out !== undefined) checkPlanOut(args.out);
    const progress = (gpu: string | null, p: PlanPoint) => {
      if (!args.quiet) process.stderr.write(`plan: ${gpu === null ? "" : `${gpu}: `}${args.vary}=${p.size} ${p.meets ? "meets" : "misses"} the targets\n`);
    };
    const options = { vary: args.vary, targets, min: args.min, max: args.max, seeds: args.seeds, set: args.set ?? [] };
    const study = await runPlanStudy(args.scenario, compareGpus === undefined ? options : { ...options, compareGpus }, progress);
    if (args.out !== undefined) await writePlanDir(args.out, study);
    const targetsText = targets.map((t) => t.text).join(" and ");
    if (!args.quiet) {
      if (study.compareGpus === undefined) process.stdout.write(`${candidatesTable(study, study.candidates)}\n\n`);
      else {
        for (const g of study.compareGpus) process.stdout.write(`${g.gpu}:\n${candidatesTable(study, g.candidates)}\n\n`);
        process.stdout.write(`${gpuTable(study)}\n\n`);
      }
      if (args.out !== undefined) process.stdout.write(`plan: wrote ${args.out}/${PLAN_FILE} and ${args.out}/charts/plan.svg (${study.run.wallS.toFixed(1)} s)\n`);
    }
    if (study.answer === null) {
      const what = study.compareGpus === undefined ? args.vary : `${args.vary} with any of ${(compareGpus ?? []).join(", ")}`;
      throw new CheckFailedError(message.planUnreachable(what, args.max, targets.map((t) => t.text)));
    }
    if (study.gpu !== null) {
      process.stdout.write(`plan: cheapest fleet meeting ${targetsText}: ${study.gpu} with ${args.vary}=${study.answer} (${monthly(study.cheapest?.usdPerMonth)}/month)\n`);
    } else {
      process.stdout.write(`plan: smallest ${args.vary} meeting ${targetsText}: ${study.answer}\n`);
    }
  },
};
