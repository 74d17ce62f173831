/**
 * Runs side by side: load run directories, replication directories (seed<N>/ inside) and sweep
 * directories (each cell a group), then every metric per group as mean ± 95 % CI, with Welch's
 * t-test of each group against the first.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type ConfidenceInterval, SIGNIFICANCE_LEVEL, meanConfidence, welchTTest } from "../metrics/confidence.js";
import { ScenarioError, message } from "../messages.js";
import { metricPaths, metricValues } from "./summary-metrics.js";
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
  /** Mean ± CI over the group's seeds. */
  ci: ConfidenceInterval;
  /** The values, one per seed. */
  values: number[];
  /** Welch's p-value against the first group (null for the first group or with < 2 seeds). */
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

/** Compare `paths` (default: every numeric metric) across groups, each against the first group. */
export function compareGroups(groups: readonly RunGroup[], paths: readonly string[] = metricPaths(groups.flatMap((g) => g.summaries))): MetricComparison[] {
  return paths.map((path) => {
    const base = metricValues(groups[0]?.summaries ?? [], path);
    const stats = groups.map((g, i): GroupStat => {
      const values = metricValues(g.summaries, path);
      const pValue = i === 0 ? null : welchTTest(values, base).pValue;
      return { ci: meanConfidence(values), values, pValue, significant: pValue !== null && pValue < SIGNIFICANCE_LEVEL };
    });
    return { path, stats };
  });
}
