/**
 * Load a sweep file: parse and validate it (one-line errors, as for scenarios), then build and
 * validate the scenario of every cell, so a bad value fails before anything runs.
 */
import { basename, dirname, extname, isAbsolute, join, resolve } from "node:path";
import { ScenarioError, message } from "../messages.js";
import { replicationSeeds } from "../run/replications.js";
import { formatIssue, issueOrder } from "../scenario/format-issues.js";
import { loadScenario, readDocument } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import { sweepFingerprint } from "./fingerprint.js";
import { cellId, expandGrid, pointLabel, pointOverrides } from "./grid.js";
import { type SweepAxis, type SweepSpec, sweepAxes, sweepSchema } from "./sweep-schema.js";

/** One cell of a sweep: a grid point with its validated scenario (seed = the first seed). */
export interface SweepCell {
  /** Position in expansion order, from 0. */
  index: number;
  /** Directory name under `cells/`. */
  id: string;
  /** Axis path → value. */
  params: Record<string, unknown>;
  /** Policy names of the cell's scenario. */
  policies: { queue: string; placement: string; backfill: string };
  /** The validated scenario. */
  scenario: Scenario;
}

/** A loaded sweep: everything needed to run, shard, resume or merge it. */
export interface SweepPlan {
  /** Sweep name. */
  name: string;
  /** Description from the sweep file. */
  description: string | undefined;
  /** The sweep file, as given. */
  file: string;
  /** Absolute path of the base scenario. */
  scenarioFile: string;
  /** The grid's axes. */
  axes: SweepAxis[];
  /** Seeds each cell runs with. */
  seeds: number[];
  /** The cells, in index order. */
  cells: SweepCell[];
  /** Hash of the cells' scenarios (named files by content) and seeds: equal fingerprints mean the same runs. */
  fingerprint: string;
}

/** Read and validate a sweep file (exit 2 with one line on any problem). */
export function readSweepSpec(file: string): SweepSpec {
  const document = readDocument(file, { notFound: message.sweepFileNotFound, empty: message.sweepFileEmpty });
  const result = sweepSchema.safeParse(document);
  if (!result.success) {
    const issue = [...result.error.issues].sort(issueOrder)[0];
    throw new ScenarioError(issue === undefined ? message.fieldError(file, [], "invalid sweep") : formatIssue(file, issue, document, sweepSchema));
  }
  const spec = result.data;
  for (const family of ["queue", "placement", "backfill"] as const) {
    if (spec.policies[family] !== undefined && `scheduler.${family}` in spec.grid) {
      throw new ScenarioError(message.fieldError(file, ["policies", family], `scheduler.${family} is also a grid axis; give it in one place`));
    }
  }
  return spec;
}

/** Load a sweep file and validate every cell's scenario. */
export function loadSweep(file: string): SweepPlan {
  const spec = readSweepSpec(file);
  const scenarioPath = isAbsolute(spec.scenario) ? spec.scenario : join(dirname(file), spec.scenario);
  const axes = sweepAxes(spec);
  const points = expandGrid(axes);
  let base: Scenario;
  try {
    base = loadScenario(scenarioPath, { set: spec.set });
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    throw new ScenarioError(message.fieldError(file, ["scenario"], error.message));
  }
  const seeds = replicationSeeds(spec.seed ?? base.seed, spec.seeds ?? base.seeds);
  const cells = points.map((point): SweepCell => {
    let scenario: Scenario;
    try {
      scenario = loadScenario(scenarioPath, { set: [...spec.set, ...pointOverrides(point)], seed: seeds[0] });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      throw new ScenarioError(message.sweepCell(file, `${point.index} (${pointLabel(point.params)})`, error.message));
    }
    const { queue, placement, backfill } = scenario.scheduler;
    return { index: point.index, id: cellId(point, points.length), params: point.params, policies: { queue, placement, backfill }, scenario };
  });
  const fingerprint = sweepFingerprint(seeds, cells, dirname(resolve(scenarioPath)));
  return {
    name: spec.name ?? basename(file, extname(file)),
    description: spec.description,
    file,
    scenarioFile: resolve(scenarioPath),
    axes,
    seeds,
    cells,
    fingerprint,
  };
}
