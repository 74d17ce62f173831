import yargs from "yargs";
import { applyAllowModules } from "./allow-module.js";
import { calibrateCommand } from "./commands/calibrate.js";
import { compareCommand } from "./commands/compare.js";
import { importCommand } from "./commands/import.js";
import { mergeCommand } from "./commands/merge.js";
import { planCommand } from "./commands/plan.js";
import { policiesCommand } from "./commands/policies.js";
import { regressCommand } from "./commands/regress.js";
import { reportCommand } from "./commands/report.js";
import { runCommand } from "./commands/run.js";
import { schemaCommand } from "./commands/schema.js";
import { sweepCommand } from "./commands/sweep.js";
import { validateCommand } from "./commands/validate.js";
import { usageLine } from "./usage-errors.js";

const commands = [runCommand, validateCommand, policiesCommand, reportCommand, sweepCommand, mergeCommand, compareCommand, regressCommand, planCommand, calibrateCommand, importCommand, schemaCommand];
const usages: Record<string, string> = Object.fromEntries(
  commands.map((c) => {
    const usage = String(c.command);
    return [usage.split(" ")[0] as string, usage];
  }),
);
const commandList = Object.keys(usages).join(", ");

/** A command-line usage problem (unknown command or option, missing argument). */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** Build the CLI (in its own module so tests and the fuzzer can drive it in-process). */
export function buildCli(argv: string[]) {
  return yargs(argv)
    .scriptName("gpufleet")
    .usage("$0 <command> [options]\n\nDiscrete-event simulator of GPU datacenters.")
    .command(runCommand)
    .command(validateCommand)
    .command(policiesCommand)
    .command(reportCommand)
    .command(sweepCommand)
    .command(mergeCommand)
    .command(compareCommand)
    .command(regressCommand)
    .command(planCommand)
    .command(calibrateCommand)
    .command(importCommand)
    .command(schemaCommand)
    .middleware((args) => applyAllowModules(args.allowModule as unknown[] | undefined))
    .demandCommand(1, `give a command: ${commandList} (see --help)`)
    .strict()
    .recommendCommands()
    .help()
    .version()
    // Never narrower than 80 columns, so examples (each under 78 characters) never wrap mid-command.
    .wrap(Math.max(80, Math.min(110, process.stdout.columns ?? 100)))
    .fail((msg, err) => {
      throw err ?? new UsageError(usageLine(msg, argv, usages, commandList));
    });
}
