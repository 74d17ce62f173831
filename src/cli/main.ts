#!/usr/bin/env node
import { hideBin } from "yargs/helpers";
import yargs from "yargs";
import { calibrateCommand } from "./commands/calibrate.js";
import { compareCommand } from "./commands/compare.js";
import { importCommand } from "./commands/import.js";
import { mergeCommand } from "./commands/merge.js";
import { planCommand } from "./commands/plan.js";
import { policiesCommand } from "./commands/policies.js";
import { regressCommand } from "./commands/regress.js";
import { reportCommand } from "./commands/report.js";
import { runCommand } from "./commands/run.js";
import { sweepCommand } from "./commands/sweep.js";
import { validateCommand } from "./commands/validate.js";
import { exitCodeFor, reportError } from "./errors.js";

/** Build the CLI (exported so tests can drive it in-process). */
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
    .demandCommand(1, "give a command: run, validate, report, sweep, merge, compare, regress, plan, policies, calibrate or import (see --help)")
    .strict()
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      throw err ?? new UsageError(`${msg} (commands: run, validate, report, sweep, merge, compare, regress, plan, policies, calibrate, import; see gpufleet --help)`);
    });
}

/** A command-line usage problem (unknown command or option, missing argument). */
export class UsageError extends Error {
  readonly exitCode = 2;
}

async function main(): Promise<void> {
  try {
    await buildCli(hideBin(process.argv)).parseAsync();
  } catch (error) {
    reportError(error);
    process.exitCode = exitCodeFor(error);
  }
}

await main();
