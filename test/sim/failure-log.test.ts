import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { round } from "../../src/metrics/stats.js";
import { resolvePolicies } from "../../src/run/resolve-policies.js";
import { loadScenario } from "../../src/scenario/load.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { failureColumns } from "../../src/sim/failure-log.js";
import { simulate, tablesFor } from "../../src/sim/simulate.js";
import { MemorySink, repoRoot, scenarioFrom } from "../helpers.js";

const col = (name: (typeof failureColumns)[number]) => failureColumns.indexOf(name);

async function runWithFailureLog(scenario: Scenario) {
  const policies = await resolvePolicies(scenario, "test.yaml", repoRoot);
  const failures = new MemorySink();
  const timeseries = new MemorySink();
  const summary = simulate(scenario, policies, { jobs: new MemorySink(), timeseries, failures });
  return { summary, rows: failures.rows, timeseries: timeseries.rows };
}

const sum = (rows: (string | number)[][], name: (typeof failureColumns)[number]) => rows.reduce((total, r) => total + Number(r[col(name)]), 0);

describe("failures.csv", () => {
  it("its totals equal the failures block of scenarios/failures.yaml", async () => {
    const { summary, rows } = await runWithFailureLog(loadScenario(join(repoRoot, "scenarios", "failures.yaml")));
    const block = summary.failures!;
    expect(rows.length).toBeGreaterThan(10);
    // Fail rows by kind are the block's events; repairs and unrepaired ones close every failure once.
    const fails = rows.filter((r) => r[col("event")] === "fail");
    const byKind: Record<string, number> = {};
    for (const r of fails) byKind[String(r[col("kind")])] = (byKind[String(r[col("kind")])] ?? 0) + 1;
    expect(byKind).toEqual(block.events);
    expect(rows.filter((r) => r[col("event")] !== "fail").length).toBe(fails.length);
    // GPU capacity lost and work re-executed add up to the block's figures (rounded the same way).
    expect(round(sum(rows, "downGpuS") / 3600)).toBe(block.lostGpuHours);
    expect(round(sum(rows, "reexecutedGpuS") / 3600)).toBe(block.reexecutedGpuHours);
    expect(sum(rows, "jobsInterrupted")).toBe(block.interruptions);
    expect(block.interruptions).toBeGreaterThan(0);
    // Rows are in time order; failedGpus after each event never exceeds the fleet.
    const times = rows.map((r) => Number(r[col("timeS")]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...rows.map((r) => Number(r[col("failedGpus")])))).toBeLessThanOrEqual(summary.gpus.total);
  }, 120_000);

  it("a GPU down under overlapping failures (its node, then itself) counts once; a failure open at the end is closed by an unrepaired row", async () => {
    const scenario = scenarioFrom({
      name: "overlap",
      horizon: { durationS: 1000 },
      cluster: { nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 2 }] },
      workloads: [{ kind: "jobs", name: "j", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 2, durationS: 5000 }],
      failures: [
        { at: 100, target: "node", id: "rack0-node0", repairS: 300 },
        { at: 200, target: "gpu", id: "0", repairS: 400 },
        { at: 900, target: "node", id: "rack0-node1", repairS: 10_000 },
      ],
      scheduler: { placement: "first-fit" },
    });
    expect(tablesFor(scenario).map((t) => t.name)).toContain("failures");
    const { summary, rows } = await runWithFailureLog(scenario);
    const brief = rows.map((r) => [r[col("timeS")], r[col("event")], r[col("kind")], r[col("id")], r[col("downGpuS")], r[col("jobsInterrupted")]]);
    expect(brief).toEqual([
      [100, "fail", "node", "rack0-node0", 0, 1],
      [200, "fail", "gpu", "0", 0, 0],
      // The node's repair brings back GPU 1 only (GPU 0 is still down on its own failure).
      [400, "repair", "node", "rack0-node0", 300, 0],
      [600, "repair", "gpu", "0", 500, 0],
      [900, "fail", "node", "rack0-node1", 0, 1],
      [1000, "unrepaired", "node", "rack0-node1", 200, 0],
    ]);
    expect(round(sum(rows, "downGpuS") / 3600)).toBe(summary.failures!.lostGpuHours);
    expect(round(sum(rows, "reexecutedGpuS") / 3600)).toBe(summary.failures!.reexecutedGpuHours);
  });
});
