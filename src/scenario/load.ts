import { existsSync } from "node:fs";
import { readBoundedFile } from "../workload/traces/read-bounded.js";
import { type CalibrationProfile, readCalibrationProfile } from "../cost/calibration-profile.js";
import { profileDeviceLabel, profileUse } from "../cost/profile-on-gpu.js";
import { basename, dirname, extname, isAbsolute, resolve } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { ScenarioError, formatPath, message } from "../messages.js";
import { formatIssue, issueOrder } from "./format-issues.js";
import { type Override, applyOverrides, parseOverride } from "./overrides.js";
import { type Scenario, scenarioSchema } from "./schema.js";
import { resolveCluster } from "./resolve-cluster.js";
import { resolveInferencePaths } from "./inference-schema.js";
import { resolveTracePaths } from "./trace-schema.js";
import { checkBounded, checkRunnable } from "./feasibility.js";
import { documentDepth, limits } from "./limits.js";
import { checkPolicyModules } from "./policy-modules.js";
import { checkTraceFiles } from "./trace-files.js";

/** Most alias expansions a YAML document may make (yaml's maxAliasCount; stops alias bombs). */
const MAX_YAML_ALIASES = 100;

/** Options for loading a scenario. */
export interface LoadOptions {
  /** `--set path=value` expressions, applied in order after the file is read. */
  set?: readonly string[];
  /** Replace the scenario's seed. */
  seed?: number | undefined;
  /** Policy modules the scenario may import (default: GPUFLEET_ALLOW_MODULES, set by `--allow-module`). */
  allowModules?: readonly string[] | undefined;
}

/** Texts for a missing or empty file (scenario files and sweep files word them differently). */
export interface DocumentTexts {
  notFound: (file: string) => string;
  empty: (file: string) => string;
}

/** Read and parse a YAML/JSON file (a scenario by default) into a plain document; one-line ScenarioErrors. */
export function readDocument(file: string, texts: DocumentTexts = { notFound: message.fileNotFound, empty: message.fileEmpty }): Record<string, unknown> {
  const bytes = readBoundedFile(file, limits.scenarioFileBytes, "scenarioFileBytes", "a .yaml, .yml or .json file", texts.notFound);
  if (bytes.includes(0)) throw new ScenarioError(message.fileBinary(file));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ScenarioError(message.fileNotUtf8(file));
  }
  if (text.trim() === "") throw new ScenarioError(texts.empty(file));
  return parseText(file, text);
}

/** Parse YAML (a superset of JSON) or, for .json files, strict JSON. */
export function parseText(file: string, text: string): Record<string, unknown> {
  let value: unknown;
  if (extname(file).toLowerCase() === ".json") {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ScenarioError(message.jsonSyntax(file, (error as Error).message));
    }
  } else {
    const lineCounter = new LineCounter();
    try {
      const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
      const first = doc.errors[0];
      if (first !== undefined) {
        // The parser gives byte offsets; the line counter turns them into 1-based line and column.
        const pos = lineCounter.linePos(first.pos[0]);
        throw new ScenarioError(message.yamlSyntax(file, pos.line, pos.col, first.message.split("\n")[0] ?? first.code));
      }
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (error) {
      if (error instanceof ScenarioError) throw error;
      if (error instanceof ReferenceError && /alias/i.test(error.message)) throw new ScenarioError(message.yamlAliases(file, MAX_YAML_ALIASES));
      if (error instanceof RangeError) throw new ScenarioError(message.tooDeep(file, limits.depth));
      throw new ScenarioError(message.yamlSyntax(file, 1, 1, (error as Error).message.split("\n")[0] ?? "cannot parse"));
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const found = value === null ? "nothing" : Array.isArray(value) ? "a list" : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
    throw new ScenarioError(message.notAMapping(file, found));
  }
  if (documentDepth(value) > limits.depth) throw new ScenarioError(message.tooDeep(file, limits.depth));
  return value as Record<string, unknown>;
}

/** Validate a document against the schema; the first problem becomes a one-line ScenarioError. */
export function validateDocument(file: string, document: Record<string, unknown>, overrides: readonly Override[] = []): Scenario {
  const workloads = document.workloads;
  if (Array.isArray(workloads) && workloads.length > limits.workloads) {
    throw new ScenarioError(message.overLimit(file, ["workloads"], "workloads", workloads.length, limits.workloads));
  }
  const result = scenarioSchema.safeParse(document);
  if (!result.success) {
    const issue = [...result.error.issues].sort(issueOrder)[0];
    if (issue === undefined) throw new ScenarioError(message.fieldError(file, [], "invalid scenario"));
    const line = formatIssue(file, issue, document, scenarioSchema);
    const fromSet = overrides.find((o) => issue.path.length >= o.path.length && o.path.every((k, i) => String(issue.path[i]) === String(k)));
    throw new ScenarioError(fromSet ? `--set ${fromSet.expr}: ${line}` : line);
  }
  const scenario = result.data;
  checkBounded(file, scenario);
  checkTenants(file, scenario);
  const endless =
    scenario.horizon.durationS === undefined &&
    scenario.workloads.some((w) => (w.kind === "jobs" && w.count === undefined) || (w.kind === "inference" && w.count === undefined && !("trace" in w.arrival)));
  if (endless) throw new ScenarioError(message.noStopCondition(file));
  return scenario;
}

/** Cross-field checks of tenants: every job's tenant is declared, every segment label exists on some node. */
function checkTenants(file: string, scenario: Scenario): void {
  if (scenario.tenants.length === 0) return;
  const names = scenario.tenants.map((t) => t.name);
  scenario.workloads.forEach((w, i) => {
    if (!names.includes(w.tenant)) throw new ScenarioError(message.unknownTenant(file, ["workloads", i, "tenant"], w.tenant, names));
  });
  const labels = new Set(resolveCluster(scenario.cluster).groups.flatMap((g) => g.labels ?? []));
  scenario.tenants.forEach((t, i) => {
    (t.segments ?? []).forEach((label, j) => {
      if (!labels.has(label)) throw new ScenarioError(message.segmentWithoutNodes(file, ["tenants", i, "segments", j], label));
    });
  });
}

/**
 * A calibration profile a scenario names must exist, be valid (bad input, not a crash mid-run) and
 * have measured every GPU type it prices, unless the scenario asks for `transfer: efficiency`.
 */
function checkProfile(file: string, path: (string | number)[], profile: string, targets: readonly string[], transfer: boolean): void {
  if (!existsSync(profile)) throw new ScenarioError(message.fieldError(file, path, `calibration profile ${JSON.stringify(profile)} not found (write one with gpufleet calibrate)`));
  let parsed: CalibrationProfile;
  try {
    parsed = readCalibrationProfile(profile);
  } catch (error) {
    throw new ScenarioError(message.fieldError(file, path, `not a calibration profile: ${(error as Error).message.split("\n")[0]}`));
  }
  const other = targets.find((t) => profileUse(parsed, t, transfer) === null);
  if (other !== undefined) throw new ScenarioError(message.profileGpuMismatch(file, path, profileDeviceLabel(parsed), other, formatPath([...path.slice(0, -1), "transfer"])));
}

/** Load, override and validate a scenario file. Throws ScenarioError with one clear line. */
export function loadScenario(file: string, options: LoadOptions = {}): Scenario {
  const document = readDocument(file);
  if (document.name === undefined) document.name = basename(file, extname(file));
  const overrides = (options.set ?? []).map(parseOverride);
  applyOverrides(document, overrides, scenarioSchema);
  if (options.seed !== undefined) document.seed = options.seed;
  const scenario = validateDocument(file, document, overrides);
  checkRunnable(file, scenario);
  checkPolicyModules(file, scenario.scheduler, dirname(file), options.allowModules);
  resolveTracePaths(scenario.workloads, file);
  resolveInferencePaths(scenario.workloads, file);
  checkTraceFiles(file, scenario.workloads);
  scenario.workloads.forEach((w, i) => {
    if (w.kind === "jobs" && w.work?.calibration !== undefined) {
      if (!isAbsolute(w.work.calibration)) w.work.calibration = resolve(dirname(file), w.work.calibration);
      const types = w.gpuType !== undefined ? [w.gpuType] : [...new Set(resolveCluster(scenario.cluster).groups.map((g) => g.gpu))];
      checkProfile(file, ["workloads", i, "work", "calibration"], w.work.calibration, types, w.work.transfer === "efficiency");
    }
    if (w.kind === "inference" && w.costModel.calibration !== undefined) {
      checkProfile(file, ["workloads", i, "costModel", "calibration"], w.costModel.calibration, [w.gpu], w.costModel.transfer === "efficiency");
    }
  });
  return scenario;
}
