#!/usr/bin/env node
import { hideBin } from "yargs/helpers";
import { enableInterruptCleanup } from "../report/temp-cleanup.js";
import { buildCli } from "./cli.js";
import { exitCodeFor, reportError } from "./errors.js";

async function main(): Promise<void> {
  // A killed or interrupted run leaves no half-written temp directory behind.
  enableInterruptCleanup();
  try {
    await buildCli(hideBin(process.argv)).parseAsync();
  } catch (error) {
    reportError(error);
    process.exitCode = exitCodeFor(error);
  }
}

await main();
