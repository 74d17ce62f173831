import { dirname } from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { loadScenario } from "../../scenario/load.js";
import { resolveCluster } from "../../scenario/resolve-cluster.js";
import { readTraceFiles } from "../../scenario/trace-files.js";
import { resolvePolicies } from "../../run/resolve-policies.js";
import { withAllowModule } from "../allow-module.js";

/** Options of `gpufleet validate`. */
interface ValidateArgs {
  scenario: string;
  set?: string[];
  print: boolean;
}

/** `gpufleet validate SCENARIO`: check a scenario without running it. */
export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: "validate <scenario>",
  describe: "Check a scenario file (exit 0 when valid, 2 with the first problem otherwise)",
  builder: (y: Argv) =>
    withAllowModule(y)
      .positional("scenario", { type: "string", demandOption: true, describe: "Scenario file" })
      .option("set", { type: "string", array: true, describe: "Override a field: dotted.path=value" })
      .option("print", { type: "boolean", default: false, describe: "Print the resolved scenario (defaults filled in) as JSON" }) as unknown as Argv<ValidateArgs>,
  handler: async (args: ArgumentsCamelCase<ValidateArgs>) => {
    const scenario = loadScenario(args.scenario, { set: args.set ?? [] });
    // Allowed policy modules are imported too, so a module without the policy shape fails here, not mid-run.
    await resolvePolicies(scenario, args.scenario, dirname(args.scenario));
    readTraceFiles(scenario.workloads);
    if (args.print) process.stdout.write(`${JSON.stringify(scenario, null, 2)}\n`);
    else {
      const gpus = resolveCluster(scenario.cluster).groups.reduce((n, g) => n + g.count * g.gpusPerNode, 0);
      process.stdout.write(`${args.scenario}: valid (${scenario.workloads.length} workload(s), ${gpus} GPUs)\n`);
    }
  },
};
