import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { FillPoint } from "../report/charts/fill-series.js";
import { fillFragmentationSpec } from "../report/charts/fill-fragmentation.js";
import { fillUnallocatedSpec } from "../report/charts/fill-unallocated.js";
import type { ChartSpec } from "../report/render-svg.js";
import type { SweepRow } from "./sweep-results.js";

/** A sweep chart: file name, caption, spec. */
export interface FillChart {
  file: string;
  caption: string;
  spec: ChartSpec;
}

/** Every fill.csv row of a sweep's fill-experiment runs, labelled with the run's placement policy and seed. */
export function fillPoints(rows: readonly SweepRow[]): FillPoint[] {
  const points: FillPoint[] = [];
  for (const row of rows) {
    if (row.runDir === undefined) continue;
    const file = join(row.runDir, "fill.csv");
    if (!existsSync(file)) continue;
    const records = parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
    for (const r of records) {
      points.push({
        policy: row.cell.policies.placement,
        seed: row.seed,
        arrivedPct: Number(r.arrivedPct),
        allocatedPct: Number(r.allocatedPct),
        fragmentationPct: Number(r.fragmentationPct),
      });
    }
  }
  return points;
}

/** The fill experiment's charts (unallocated GPU and fragmentation vs arrived workload per policy), when the sweep ran it. */
export function fillCharts(rows: readonly SweepRow[]): FillChart[] {
  const points = fillPoints(rows);
  if (points.length === 0) return [];
  const charts: FillChart[] = [];
  const unallocated = fillUnallocatedSpec(points);
  if (unallocated !== null) charts.push({ file: "fill-unallocated.svg", caption: "Unallocated GPU share vs arrived workload per placement policy (mean, min-max band over seeds)", spec: unallocated });
  const fragmentation = fillFragmentationSpec(points);
  if (fragmentation !== null) charts.push({ file: "fill-fragmentation.svg", caption: "Fragmented GPU share vs arrived workload per placement policy (mean, min-max band over seeds)", spec: fragmentation });
  return charts;
}
