/**
 * Policy modules named by a scenario (`scheduler.*` ending .js/.mjs) are code: a scenario is data
 * people pass around, so a module may be imported only when the command line allows it
 * (`--allow-module PATH`, or the GPUFLEET_ALLOW_MODULES environment variable, which worker
 * threads inherit). The check needs no import, so `validate` runs it too.
 */
import { realpathSync, statSync } from "node:fs";
import { delimiter, isAbsolute, relative, resolve } from "node:path";
import { ScenarioError, message } from "../messages.js";
import { isPolicyModulePath } from "./policy-name.js";

/** Environment variable holding the allowed module paths (absolute, separated by the platform's path delimiter). */
export const ALLOW_MODULES_ENV = "GPUFLEET_ALLOW_MODULES";

/** The module paths the environment allows (what `--allow-module` sets for this process and its workers). */
export function allowedModulesFromEnv(): string[] {
  const value = process.env[ALLOW_MODULES_ENV];
  return value === undefined || value === "" ? [] : value.split(delimiter).filter((p) => p !== "");
}

/** Absolute path of a policy module named in a scenario (relative to the scenario's directory). */
export function policyModuleAbsolute(modulePath: string, baseDir: string): string {
  return isAbsolute(modulePath) ? modulePath : resolve(baseDir, modulePath);
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Check that a policy module exists and that the command line allows it; throws a one-line
 * ScenarioError otherwise. `allowed` defaults to the environment's list.
 */
export function checkPolicyModule(file: string, path: readonly (string | number)[], modulePath: string, baseDir: string, allowed: readonly string[] = allowedModulesFromEnv()): string {
  const absolute = policyModuleAbsolute(modulePath, baseDir);
  let isFile = false;
  try {
    isFile = statSync(absolute).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new ScenarioError(message.pluginLoad(file, path, modulePath, "file not found"));
  const real = canonical(absolute);
  if (!allowed.some((a) => canonical(a) === real)) {
    const shown = relative(process.cwd(), absolute) || absolute;
    throw new ScenarioError(message.pluginNotAllowed(file, path, modulePath, shown.startsWith("..") ? absolute : shown));
  }
  return absolute;
}

/** Check every policy module of a scheduler block (registry names pass untouched). */
export function checkPolicyModules(file: string, scheduler: Readonly<Record<string, unknown>>, baseDir: string, allowed?: readonly string[]): void {
  for (const family of ["queue", "placement", "backfill"] as const) {
    const value = scheduler[family];
    if (typeof value === "string" && isPolicyModulePath(value)) checkPolicyModule(file, ["scheduler", family], value, baseDir, allowed);
  }
}
