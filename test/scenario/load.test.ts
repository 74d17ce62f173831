import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../src/messages.js";
import { loadScenario } from "../../src/scenario/load.js";
import { parseOverride } from "../../src/scenario/overrides.js";
import { resolveCluster } from "../../src/scenario/resolve-cluster.js";
import type { JobsWorkload } from "../../src/scenario/schema.js";
import { repoRoot } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "gpufleet-load-"));
const mmc = join(repoRoot, "scenarios", "mmc.yaml");

describe("loading scenarios", () => {
  it("fills defaults", () => {
    const s = loadScenario(mmc);
    expect(s.seed).toBe(7);
    expect(s.scheduler).toEqual({ queue: "fifo", placement: "first-fit", backfill: "none", preemption: "none" });
    expect(s.workloads[0]?.tenant).toBe("default");
    expect((s.workloads[0] as JobsWorkload).estimate).toBe("mean");
    expect(s.report.sampleIntervalS).toBe(60);
  });

  it("takes the name from the file when it has none", () => {
    const file = join(dir, "my-scenario.yaml");
    writeFileSync(file, "cluster: { nodes: [{ count: 1, gpu: L4, gpusPerNode: 1 }] }\nworkloads: [{ kind: jobs, name: w, count: 1, arrival: { process: constant, ratePerS: 1 }, durationS: 1 }]\n");
    expect(loadScenario(file).name).toBe("my-scenario");
  });

  it("reads JSON too", () => {
    const file = join(dir, "s.json");
    writeFileSync(file, JSON.stringify({ name: "j", cluster: { nodes: [{ count: 1, gpu: "T4" }] }, workloads: [{ kind: "jobs", name: "w", count: 2, arrival: { process: "poisson", ratePerS: 1 }, durationS: 5 }] }));
    const s = loadScenario(file);
    expect(resolveCluster(s.cluster).groups[0]?.gpusPerNode).toBe(8);
  });

  it("applies --set overrides with YAML-typed values, by index into lists", () => {
    const s = loadScenario(mmc, {
      set: ["workloads.0.arrival.ratePerS=6.5", "cluster.nodes.0.count=12", "scheduler.queue=sjf", "horizon.durationS=100", "workloads.0.durationS={dist: lognormal, mean: 2, cv: 0.5}"],
    });
    expect((s.workloads[0] as JobsWorkload).arrival).toEqual({ process: "poisson", ratePerS: 6.5 });
    expect(s.cluster.nodes?.[0]?.count).toBe(12);
    expect(s.scheduler.queue).toBe("sjf");
    expect(s.horizon.durationS).toBe(100);
    expect((s.workloads[0] as JobsWorkload).durationS).toEqual({ dist: "lognormal", mean: 2, cv: 0.5 });
  });

  it("--seed replaces the seed", () => {
    expect(loadScenario(mmc, { seed: 99 }).seed).toBe(99);
  });

  it("parses override expressions", () => {
    expect(parseOverride("a.0.b=true")).toEqual({ expr: "a.0.b=true", path: ["a", 0, "b"], value: true });
    expect(parseOverride("name=x=y").value).toBe("x=y");
    expect(() => parseOverride("=3")).toThrow(ScenarioError);
  });

  it("rejects a list index that would leave a hole", () => {
    expect(() => loadScenario(mmc, { set: ["cluster.nodes.2.count=1"] })).toThrow(/list of 1/);
  });

  it("every example scenario is valid", () => {
    const names = readdirSync(join(repoRoot, "scenarios")).filter((f) => f.endsWith(".yaml"));
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const name of names) expect(() => loadScenario(join(repoRoot, "scenarios", name)), name).not.toThrow();
  });
});
