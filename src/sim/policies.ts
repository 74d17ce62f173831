import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ScenarioError, message } from "../messages.js";
import { type PolicyFamily, policyRegistry } from "../policies/registry.js";
import type { BackfillPolicy, PlacementPolicy, QueuePolicy } from "../policies/types.js";
import type { Scenario } from "../scenario/schema.js";
import type { SchedulerPolicies } from "./cluster-scheduler.js";

const requiredMethod: Record<PolicyFamily, string> = { queue: "compare", placement: "place", backfill: "select", router: "route", autoscaler: "desiredReplicas" };

/** Load a policy module (a path relative to the scenario file) and check its shape. */
async function loadPluginPolicy(family: PolicyFamily, modulePath: string, scenarioFile: string, baseDir: string): Promise<unknown> {
  const fieldPath = ["scheduler", family];
  const absolute = isAbsolute(modulePath) ? modulePath : resolve(baseDir, modulePath);
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

async function resolveOne(family: PolicyFamily, name: string, scenarioFile: string, baseDir: string): Promise<unknown> {
  const registry = policyRegistry[family] as Record<string, unknown>;
  return registry[name] ?? loadPluginPolicy(family, name, scenarioFile, baseDir);
}

/** Resolve the scenario's scheduler policies: registry names, or plug-in modules next to the scenario. */
export async function resolvePolicies(scenario: Scenario, scenarioFile: string, baseDir: string): Promise<SchedulerPolicies> {
  const { queue, placement, backfill } = scenario.scheduler;
  return {
    queue: (await resolveOne("queue", queue, scenarioFile, baseDir)) as QueuePolicy,
    placement: (await resolveOne("placement", placement, scenarioFile, baseDir)) as PlacementPolicy,
    backfill: (await resolveOne("backfill", backfill, scenarioFile, baseDir)) as BackfillPolicy,
  };
}
