import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Cell } from "../../src/metrics/row-sink.js";
import { loadScenario } from "../../src/scenario/load.js";
import { timeseriesColumnsFor } from "../../src/sim/simulate.js";
import { repoRoot, runInMemory, scenarioFrom } from "../helpers.js";

/** Every row's value of `parts` summed, next to its `total`. */
function sums(columns: readonly string[], rows: Cell[][], parts: readonly string[], total: string): [number, number][] {
  const at = parts.map((p) => columns.indexOf(p));
  const t = columns.indexOf(total);
  expect([...at, t].every((i) => i >= 0)).toBe(true);
  return rows.map((r) => [at.reduce((s, i) => s + Number(r[i]), 0), Number(r[t])]);
}

function expectEqualEveryRow(pairs: [number, number][]): void {
  expect(pairs.length).toBeGreaterThan(10);
  for (const [sum, total] of pairs) expect(sum).toBeCloseTo(total, 6);
}

describe("tenant usage columns", () => {
  it("tenant:<name>:gpus in scenarios/tenants.yaml sum to allocatedGpus at every row; the tenant without borrowing stays within its quota", async () => {
    const scenario = loadScenario(join(repoRoot, "scenarios", "tenants.yaml"));
    const columns = timeseriesColumnsFor(scenario);
    const tenantColumns = scenario.tenants.map((t) => `tenant:${t.name}:gpus`);
    expect(columns).toEqual(expect.arrayContaining(tenantColumns));
    const { timeseries, summary } = await runInMemory(scenario);
    const pairs = sums(columns, timeseries, tenantColumns, "allocatedGpus");
    expectEqualEveryRow(pairs);
    expect(pairs.some(([sum]) => sum > 0)).toBe(true);
    // health may not borrow: it never holds more than its quota.
    const health = columns.indexOf("tenant:health:gpus");
    expect(Math.max(...timeseries.map((r) => Number(r[health])))).toBeLessThanOrEqual(64);
    // The time average of each column is the block's share (sampled, so close, not equal).
    for (const t of scenario.tenants) {
      const c = columns.indexOf(`tenant:${t.name}:gpus`);
      const mean = timeseries.reduce((s, r) => s + Number(r[c]), 0) / timeseries.length;
      expect(mean / summary.gpus.total).toBeCloseTo(summary.tenants!.byTenant[t.name]!.share, 1);
    }
  }, 120_000);

  it("runs without tenants have no tenant columns", () => {
    const columns = timeseriesColumnsFor(loadScenario(join(repoRoot, "scenarios", "mmc.yaml")));
    expect(columns.some((c) => c.startsWith("tenant:"))).toBe(false);
  });
});

describe("allocation split columns", () => {
  it("allocated:<type> sum to allocatedGpus on the two-type quickstart", async () => {
    const scenario = loadScenario(join(repoRoot, "scenarios", "quickstart.yaml"));
    const columns = timeseriesColumnsFor(scenario);
    expect(columns.filter((c) => c.startsWith("allocated:"))).toEqual(["allocated:H100-SXM", "allocated:A100-80G"]);
    const { timeseries } = await runInMemory(scenario);
    expectEqualEveryRow(sums(columns, timeseries, ["allocated:H100-SXM", "allocated:A100-80G"], "allocatedGpus"));
  }, 60_000);

  it("allocated:jobs and allocated:inference (replicas, with tensor parallelism) sum to allocatedGpus", async () => {
    const scenario = scenarioFrom({
      name: "mixed",
      seed: 3,
      horizon: { durationS: 3600 },
      cluster: { nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 8 }, { count: 1, gpu: "A100-80G", gpusPerNode: 8 }] },
      workloads: [
        {
          kind: "inference",
          name: "chat",
          model: "llama-3-8b",
          gpu: "H100-SXM",
          replicas: { count: 2, tensorParallel: 2 },
          arrival: { process: "poisson", ratePerS: 2 },
          promptTokens: 200,
          outputTokens: 20,
        },
        { kind: "jobs", name: "train", arrival: { process: "poisson", ratePerS: 0.02 }, gpus: { dist: "choice", values: [2, 4, 8] }, durationS: { dist: "exponential", mean: 600 } },
      ],
      report: { sampleIntervalS: 30 },
    });
    const columns = timeseriesColumnsFor(scenario);
    expect(columns.filter((c) => c.startsWith("allocated:"))).toEqual(["allocated:H100-SXM", "allocated:A100-80G", "allocated:jobs", "allocated:inference"]);
    const { timeseries } = await runInMemory(scenario);
    expectEqualEveryRow(sums(columns, timeseries, ["allocated:jobs", "allocated:inference"], "allocatedGpus"));
    expectEqualEveryRow(sums(columns, timeseries, ["allocated:H100-SXM", "allocated:A100-80G"], "allocatedGpus"));
    const inference = columns.indexOf("allocated:inference");
    // Two replicas of two GPUs each are up once provisioned.
    expect(Math.max(...timeseries.map((r) => Number(r[inference])))).toBe(4);
  });

  it("single-type, single-kind runs have no split columns", () => {
    const columns = timeseriesColumnsFor(loadScenario(join(repoRoot, "scenarios", "mmc.yaml")));
    expect(columns.some((c) => c.startsWith("allocated:"))).toBe(false);
  });
});
