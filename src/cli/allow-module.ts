/**
 * `--allow-module PATH` (repeatable): the policy modules a scenario may import. The CLI turns the
 * option into the GPUFLEET_ALLOW_MODULES environment variable (joined with the path delimiter),
 * which the loader checks and sweep worker threads inherit; a value set in the shell stays allowed.
 */
import { statSync } from "node:fs";
import { delimiter, resolve } from "node:path";
import type { Argv } from "yargs";
import { ScenarioError, message } from "../messages.js";
import { ALLOW_MODULES_ENV } from "../scenario/policy-modules.js";

const fromShell = process.env[ALLOW_MODULES_ENV];

/** Add the `--allow-module` option to a command. */
export function withAllowModule<T>(y: Argv<T>): Argv<T> {
  return y.option("allow-module", {
    type: "string",
    array: true,
    describe: "Let the scenario import this policy module (.js/.mjs; a scenario's modules are code and run only when allowed; repeatable)",
  }) as unknown as Argv<T>;
}

/** Set the allowed modules for this invocation: the shell's GPUFLEET_ALLOW_MODULES plus every `--allow-module`. */
export function applyAllowModules(paths: readonly unknown[] | undefined): void {
  const given = (paths ?? []).map(String);
  for (const path of given) {
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) throw new ScenarioError(message.allowModuleNotFound(path));
  }
  const all = [...(fromShell === undefined || fromShell === "" ? [] : fromShell.split(delimiter)), ...given.map((p) => resolve(p))];
  if (all.length === 0) delete process.env[ALLOW_MODULES_ENV];
  else process.env[ALLOW_MODULES_ENV] = all.join(delimiter);
}
