import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runToDirectory } from "../../src/run/write-run.js";
import { loadScenario } from "../../src/scenario/load.js";
import { repoRoot } from "../helpers.js";

const quickstart = join(repoRoot, "scenarios", "quickstart.yaml");

function withoutRun(summaryText: string): unknown {
  const { run, ...rest } = JSON.parse(summaryText) as Record<string, unknown>;
  expect(run).toBeDefined();
  return rest;
}

describe("determinism", () => {
  it("same scenario and seed give byte-identical outputs (apart from summary.run)", async () => {
    const base = mkdtempSync(join(tmpdir(), "gpufleet-det-"));
    const scenario = loadScenario(quickstart);
    await runToDirectory(scenario, quickstart, join(base, "a"));
    await runToDirectory(loadScenario(quickstart), quickstart, join(base, "b"));
    for (const file of ["jobs.csv", "timeseries.csv", "resolved-scenario.json"]) {
      expect(readFileSync(join(base, "b", file)).equals(readFileSync(join(base, "a", file)))).toBe(true);
    }
    expect(withoutRun(readFileSync(join(base, "b", "summary.json"), "utf8"))).toEqual(withoutRun(readFileSync(join(base, "a", "summary.json"), "utf8")));
  });

  it("a different seed changes the outputs", async () => {
    const base = mkdtempSync(join(tmpdir(), "gpufleet-det-"));
    await runToDirectory(loadScenario(quickstart), quickstart, join(base, "a"));
    await runToDirectory(loadScenario(quickstart, { seed: 43 }), quickstart, join(base, "b"));
    expect(readFileSync(join(base, "b", "jobs.csv")).equals(readFileSync(join(base, "a", "jobs.csv")))).toBe(false);
  });

  it("an existing run is replaced whole, and a foreign directory is never replaced", async () => {
    const base = mkdtempSync(join(tmpdir(), "gpufleet-det-"));
    const out = join(base, "run");
    await runToDirectory(loadScenario(quickstart), quickstart, out);
    const again = await runToDirectory(loadScenario(quickstart, { seed: 5 }), quickstart, out);
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).seed).toBe(again.seed);
    await expect(runToDirectory(loadScenario(quickstart), quickstart, base)).rejects.toThrow(/not a gpufleet run directory/);
  });
});
