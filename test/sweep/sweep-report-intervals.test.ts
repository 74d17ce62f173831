import { describe, expect, it } from "vitest";
import { rangedConfidence } from "../../src/metrics/confidence.js";
import { metricRange } from "../../src/report/metric-ranges.js";
import { keyMetrics } from "../../src/report/summary-metrics.js";
import { cellTable, sweepCharts } from "../../src/sweep/sweep-report.js";
import type { ManifestCell, SweepManifest } from "../../src/sweep/sweep-manifest.js";
import type { SweepRow } from "../../src/sweep/sweep-results.js";

const cell: ManifestCell = { index: 0, id: "c0", params: { "scheduler.queue": "fifo" }, policies: { queue: "fifo", placement: "first-fit", backfill: "none" } };
const seeds = [1, 2, 3, 4, 5, 6];
const manifest: SweepManifest = {
  name: "s",
  fingerprint: "f",
  sweepFile: "s.yaml",
  scenarioFile: "b.yaml",
  axes: [{ path: "scheduler.queue", values: ["fifo"], policy: true }] as SweepManifest["axes"],
  seeds,
  cells: [cell],
};
// Most seeds waited rarely, one a lot: a mean ± t interval of these crosses 0 for probWait.
const probWait = [0, 0, 0, 0, 0.01, 0.6];
const waitMean = [1, 1.5, 2, 2.5, 3, 40];
const rows: SweepRow[] = seeds.map((seed, i) => ({ cell, seed, summary: { jobs: { probWait: probWait[i], waitS: { mean: waitMean[i] } } } }));

describe("sweep report intervals", () => {
  it("are the replications' intervals (inside the metric's range), not a plain t interval", () => {
    const chart = sweepCharts(manifest, rows).find((c) => c.file === "jobs.probWait.svg");
    if (chart === undefined) throw new Error("no P(wait) chart");
    const values = (chart.spec as { data: { values: { mean: number; ciLow: number; ciHigh: number }[] } }).data.values;
    const expected = rangedConfidence(probWait, metricRange("jobs.probWait"));
    expect(values[0]?.ciLow).toBe(expected.ciLow);
    expect(values[0]?.ciHigh).toBe(expected.ciHigh);
    expect(expected.ciLow as number).toBeGreaterThanOrEqual(0);
  });

  it("the cell table shows an asymmetric interval as (low .. high) and a t interval as ±", () => {
    const table = cellTable(manifest, rows);
    const column = (label: string) => table.header.indexOf(label);
    const probLabel = keyMetrics.find((m) => m.path === "jobs.probWait")?.label as string;
    const waitLabel = keyMetrics.find((m) => m.path === "jobs.waitS.mean")?.label as string;
    expect(table.rows[0]?.[column(probLabel)]).toMatch(/^[\d.]+ \([\d.]+ \.\. [\d.]+\)$/);
    expect(rangedConfidence(waitMean, metricRange("jobs.waitS.mean")).method).toBe("log-normal-cox");
    expect(table.rows[0]?.[column(waitLabel)]).toMatch(/\(.+ \.\. .+\)/);
  });
});
