/**
 * The regression manifest (`results/baselines/manifest.yaml`): scenarios to run, their seeds and
 * the metrics to check with tolerances; and the committed baseline files beside it.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { ScenarioError, message } from "../messages.js";
import { formatIssue, issueOrder } from "../scenario/format-issues.js";
import { parseText } from "../scenario/load.js";

/** How a metric may move before it counts as a regression. */
const toleranceSchema = z
  .strictObject({
    direction: z
      .enum(["lower-is-better", "higher-is-better", "two-sided"])
      .default("two-sided")
      .describe("lower-is-better: only increases regress; higher-is-better: only decreases; two-sided: any change beyond the tolerance."),
    relative: z.number().nonnegative().default(0).describe("Allowed change as a fraction of the baseline value (0.05 = 5 %)."),
    absolute: z.number().nonnegative().default(0).describe("Allowed change in the metric's unit; the larger of the two allowances applies."),
  })
  .describe("Tolerance of one metric.");

/** One scenario of the regression suite. */
const entrySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "use letters, digits, '.', '_' or '-'").describe("Name of the check; its baseline is <name>.json beside the manifest."),
  scenario: z.string().min(1).describe("Scenario file, relative to the manifest."),
  seed: z.number().int().nonnegative().optional().describe("First seed (default: the scenario's seed)."),
  seeds: z.number().int().positive().max(1000).default(1).describe("Replications: seeds seed, seed+1, ...; metrics are compared as means over them."),
  set: z.array(z.string()).default([]).describe("Overrides, as with --set (PATH=VALUE)."),
  metrics: z
    .record(z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, "use a dotted path into summary.json"), toleranceSchema)
    .describe("Metrics to check (dotted paths into summary.json, e.g. jobs.waitS.mean) with their tolerances."),
});

/** The manifest file. */
export const baselineManifestSchema = z
  .strictObject({
    description: z.string().optional().describe("Free text."),
    baselines: z.array(entrySchema).min(1).describe("The scenarios to run and check."),
  })
  .describe("Regression manifest: scenarios, seeds and metric tolerances checked by gpufleet regress.");

/** A validated manifest. */
export type BaselineManifest = z.output<typeof baselineManifestSchema>;
/** One entry of the manifest. */
export type BaselineEntry = z.output<typeof entrySchema>;
/** A metric tolerance. */
export type Tolerance = z.output<typeof toleranceSchema>;

/** A committed baseline: the deterministic summaries (no `run` block) of every seed. */
export interface BaselineFile {
  /** The entry's name. */
  name: string;
  /** The scenario path as written in the manifest. */
  scenario: string;
  /** Overrides applied. */
  set: string[];
  /** Seeds run. */
  seeds: number[];
  /** summary.json of each seed without the wall-clock `run` block. */
  summaries: unknown[];
}

/** Read and validate a manifest (exit 2 with one line on any problem). */
export function readBaselineManifest(file: string): BaselineManifest {
  if (!existsSync(file)) throw new ScenarioError(message.regressManifestNotFound(file));
  const document = parseText(file, readFileSync(file, "utf8"));
  const result = baselineManifestSchema.safeParse(document);
  if (!result.success) {
    const issue = [...result.error.issues].sort(issueOrder)[0];
    throw new ScenarioError(issue === undefined ? message.fieldError(file, [], "invalid manifest") : formatIssue(file, issue, document, baselineManifestSchema));
  }
  return result.data;
}

/** Path of an entry's baseline file: `<manifest dir>/<name>.json`. */
export function baselinePath(manifestFile: string, name: string): string {
  return join(dirname(manifestFile), `${name}.json`);
}

/** Read an entry's baseline (exit 2 when it has not been recorded). */
export function readBaseline(manifestFile: string, name: string): BaselineFile {
  const path = baselinePath(manifestFile, name);
  if (!existsSync(path)) throw new ScenarioError(message.baselineMissing(path, name));
  try {
    return JSON.parse(readFileSync(path, "utf8")) as BaselineFile;
  } catch (error) {
    throw new ScenarioError(message.fileUnreadable(path, (error as Error).message));
  }
}

/** Write an entry's baseline file. */
export function writeBaseline(manifestFile: string, baseline: BaselineFile): string {
  const path = baselinePath(manifestFile, baseline.name);
  writeFileSync(path, `${JSON.stringify(baseline, null, 2)}\n`);
  return path;
}
