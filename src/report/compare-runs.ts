/**
 * Runs side by side: load run directories, replication directories (seed<N>/ inside) and sweep
 * directories (each cell a group), then every metric per group as mean ± 95 % CI (inside the
 * metric's range), and each group's difference from the first: paired by seed when both ran the
 * same seeds (common random numbers), Welch's unequal-variance interval otherwise.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type ConfidenceInterval, SIGNIFICANCE_LEVEL, rangedConfidence } from "../metrics/confidence.js";
import { type DifferenceInterval, type DifferenceMethod, pairedDifference, welchDifference } from "../metrics/difference.js";
import { ScenarioError, message } from "../messages.js";
import { metricRange } from "./metric-ranges.js";
import { metricAt, metricPaths } from "./summary-metrics.js";
import { runFiles } from "./run-files.js";

/** One column of a comparison: a run, or the seeds of one configuration. */
export interface RunGroup {
  /** Label in tables and charts. */
  label: string;
  /** The directory given (or the sweep cell's directory). */
  dir: string;
  /** Run directories (one per seed). */
  runDirs: string[];
  /** Their summary.json contents. */
  summaries: unknown[];
}

/** One metric of one group, compared with the first group. */
export interface GroupStat {
  /** Mean and 95 % CI over the group's seeds, inside the metric's range (metric-ranges.ts). */
  ci: ConfidenceInterval;
  /** The values, one per seed. */
  values: number[];
  /** The difference from the first group, paired by seed when both ran the same seeds (null for the first group). */
  diff: DifferenceInterval | null;
  /** The difference's p-value (null for the first group or with < 2 seeds). */
  pValue: number | null;
  /** True when the difference from the first group is significant at 5 %. */
  significant: boolean;
}

/** One metric across all groups. */
export interface MetricComparison {
  /** Dotted path in summary.json. */
  path: string;
  /** One entry per group, in group order. */
  stats: GroupStat[];
}

const SEED_DIR = /^seed(\d+)$/;

/** Run directories `seed<N>/` with a summary.json inside `dir`, by seed. */
function seedRunDirs(dir: string): string[] {
  return readdirSync(dir)
    .filter((e) => SEED_DIR.test(e) && existsSync(join(dir, e, runFiles.summary)))
    .sort((a, b) => Number(SEED_DIR.exec(a)?.[1]) - Number(SEED_DIR.exec(b)?.[1]))
    .map((e) => join(dir, e));
}

/** Read a summary.json as JSON. */
function readSummary(runDir: string): unknown {
  const file = join(runDir, runFiles.summary);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (error) {
    throw new ScenarioError(message.fileUnreadable(file, (error as Error).message));
  }
}

/** The groups a directory holds: a run, a replication (seed dirs), or a sweep (one group per cell). */
export function loadRunGroups(dir: string): RunGroup[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ScenarioError(message.compareDirNotFound(dir));
  const seeds = seedRunDirs(dir);
  if (seeds.length > 0) return [{ label: basename(dir), dir, runDirs: seeds, summaries: seeds.map(readSummary) }];
  if (existsSync(join(dir, runFiles.summary))) return [{ label: basename(dir), dir, runDirs: [dir], summaries: [readSummary(dir)] }];
  const cells = join(dir, "cells");
  if (existsSync(join(dir, "sweep.json")) && existsSync(cells)) {
    const groups = readdirSync(cells)
      .sort()
      .map((id) => join(cells, id))
      .filter((d) => seedRunDirs(d).length > 0);
    if (groups.length > 0) return groups.flatMap(loadRunGroups);
  }
  throw new ScenarioError(message.compareNotARun(dir));
}

/** Load every directory's groups; labels made unique with the parent directory's name. */
export function loadComparison(dirs: readonly string[]): RunGroup[] {
  const groups = dirs.flatMap(loadRunGroups);
  const count = new Map<string, number>();
  for (const g of groups) count.set(g.label, (count.get(g.label) ?? 0) + 1);
  for (const g of groups) if ((count.get(g.label) ?? 0) > 1) g.label = `${basename(dirname(g.dir))}/${g.label}`;
  return groups;
}

/** The seed of each run of a group, in run order (null for a summary without one). */
export function groupSeeds(group: RunGroup): (number | null)[] {
  return group.summaries.map((s) => metricAt(s, "seed"));
}

/**
 * True when two groups ran the same seeds (common random numbers), so their runs pair up seed by
 * seed: the same distinct seeds, in the same order, at least two of them.
 */
export function sharesSeeds(a: RunGroup, b: RunGroup): boolean {
  const sa = groupSeeds(a);
  const sb = groupSeeds(b);
  return sa.length >= 2 && sa.length === sb.length && new Set(sa).size === sa.length && sa.every((seed, i) => seed !== null && seed === sb[i]);
}

/** The values of `path` per run of a group, NaN where a run lacks it (so pairs stay aligned). */
function alignedValues(group: RunGroup, path: string): number[] {
  return group.summaries.map((s) => metricAt(s, path) ?? Number.NaN);
}

/**
 * Compare `paths` (default: every numeric metric) across groups, each against the first group:
 * per-seed differences (paired t) when the two share seeds, Welch's interval otherwise.
 */
export function compareGroups(groups: readonly RunGroup[], paths: readonly string[] = metricPaths(groups.flatMap((g) => g.summaries))): MetricComparison[] {
  const first = groups[0];
  const paired = groups.map((g, i) => i > 0 && first !== undefined && sharesSeeds(g, first));
  return paths.map((path) => {
    const base = first === undefined ? [] : alignedValues(first, path);
    const stats = groups.map((g, i): GroupStat => {
      const aligned = alignedValues(g, path);
      const values = aligned.filter((v) => Number.isFinite(v));
      const ci = rangedConfidence(values, metricRange(path));
      if (i === 0) return { ci, values, diff: null, pValue: null, significant: false };
      const diff = paired[i] ? pairedDifference(aligned, base) : welchDifference(aligned, base);
      return { ci, values, diff, pValue: diff.pValue, significant: diff.pValue !== null && diff.pValue < SIGNIFICANCE_LEVEL };
    });
    return { path, stats };
  });
}

/** How each group after the first was compared with the first: "paired-t", "welch", or null (the first group). */
export function comparisonMethods(groups: readonly RunGroup[]): (DifferenceMethod | null)[] {
  const first = groups[0];
  return groups.map((g, i) => (i === 0 || first === undefined ? null : sharesSeeds(g, first) ? "paired-t" : "welch"));
}
