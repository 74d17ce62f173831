import { pathToFileURL } from "node:url";
import { ScenarioError, message } from "../messages.js";
import { type PolicyFamily, policyRegistry } from "../policies/registry.js";
import type { BackfillPolicy, PlacementPolicy, QueuePolicy } from "../policies/types.js";
import { checkPolicyModule } from "../scenario/policy-modules.js";
import type { Scenario } from "../scenario/schema.js";
import type { SchedulerPolicies } from "../sim/cluster-scheduler.js";

const requiredMethod: Record<PolicyFamily, string> = { queue: "compare", placement: "place", backfill: "select", router: "route", autoscaler: "desiredReplicas" };

/** Load a policy module (a path relative to the scenario file) the command line allows, and check its shape. */
async function loadPluginPolicy(family: PolicyFamily, modulePath: string, scenarioFile: string, baseDir: string, allowed: readonly string[] | undefined): Promise<unknown> {
  const fieldPath = ["scheduler", family];
  // Existence and permission first: no top-level code of a module the user did not allow may run.
  const absolute = checkPolicyModule(scenarioFile, fieldPath, modulePath, baseDir, allowed);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ERR_MODULE_NOT_FOUND" ? "file not found" : (error as Error).message.split("\n")[0] ?? "import failed";
    throw new ScenarioError(message.pluginLoad(scenarioFile, fieldPath, modulePath, reason));
  }
  const policy = (module.default ?? module.policy) as Record<string, unknown> | undefined;
  const ok =
    policy !== null &&
    typeof policy === "object" &&
    typeof policy.name === "string" &&
    typeof policy.description === "string" &&
    typeof policy[requiredMethod[family]] === "function";
  if (!ok) throw new ScenarioError(message.pluginShape(scenarioFile, fieldPath, modulePath, family));
  return policy;
}

async function resolveOne(family: PolicyFamily, name: string, scenarioFile: string, baseDir: string, allowed: readonly string[] | undefined): Promise<unknown> {
  const registry = policyRegistry[family] as Record<string, unknown>;
  return Object.hasOwn(registry, name) ? registry[name] : loadPluginPolicy(family, name, scenarioFile, baseDir, allowed);
}

/**
 * Resolve the scenario's scheduler policies: registry names, or plug-in modules next to the
 * scenario, imported only when in `allowedModules` (default: the GPUFLEET_ALLOW_MODULES list
 * that `--allow-module` sets).
 */
export async function resolvePolicies(scenario: Scenario, scenarioFile: string, baseDir: string, allowedModules?: readonly string[]): Promise<SchedulerPolicies> {
  const { queue, placement, backfill } = scenario.scheduler;
  return {
    queue: (await resolveOne("queue", queue, scenarioFile, baseDir, allowedModules)) as QueuePolicy,
    placement: (await resolveOne("placement", placement, scenarioFile, baseDir, allowedModules)) as PlacementPolicy,
    backfill: (await resolveOne("backfill", backfill, scenarioFile, baseDir, allowedModules)) as BackfillPolicy,
    backfillMaxCandidates: scenario.scheduler.backfillMaxCandidates,
  };
}
