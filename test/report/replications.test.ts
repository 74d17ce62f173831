import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rangedConfidence } from "../../src/metrics/confidence.js";
import { runReplications } from "../../src/run/replications.js";
import { numericMetrics, replicationsBlock } from "../../src/report/summary-metrics.js";
import { runCli } from "../cli/run-cli.js";
import { mmcDocument, repoRoot, scenarioFrom } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "gpufleet-repl-"));

describe("replications", () => {
  it("runs seed, seed+1, ... into seed<N>/ and summarizes every numeric metric as mean ± CI", async () => {
    const scenario = scenarioFrom(mmcDocument(4, 3, 1, 1500, 11));
    const out = join(dir, "mmc");
    const { summary, runs } = await runReplications(scenario, join(repoRoot, "test.yaml"), out, { seeds: 3 });
    expect(summary.seeds).toEqual([11, 12, 13]);
    expect(readdirSync(out).sort()).toEqual([".gpufleet-run", "resolved-scenario.json", "seed11", "seed12", "seed13", "summary.json"]);
    expect(runs.map((r) => r.seed)).toEqual([11, 12, 13]);
    for (const seed of summary.seeds) expect(existsSync(join(out, `seed${seed}`, "jobs.csv"))).toBe(true);
    const perSeed = JSON.parse(readFileSync(join(out, "seed12", "resolved-scenario.json"), "utf8"));
    expect(perSeed).toMatchObject({ seed: 12, seeds: 1 });

    const written = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    const waits = runs.map((r) => ("jobs" in r ? (r.jobs.waitS.mean as number) : Number.NaN));
    // Waits are >= 0: the interval is the range-respecting one (log scale), not mean ± t.
    const expected = rangedConfidence(waits, "nonnegative");
    expect(written.replications.jobs.waitS.mean.n).toBe(3);
    expect(written.replications.jobs.waitS.mean.mean).toBeCloseTo(expected.mean as number, 6);
    expect(written.replications.jobs.waitS.mean.ciLow).toBeCloseTo(expected.ciLow as number, 6);
    expect(written.replications.jobs.waitS.mean.ciHigh).toBeCloseTo(expected.ciHigh as number, 6);
    expect(written.replications.jobs.completed).toMatchObject({ mean: 1500, sd: 0, n: 3 });
    expect(written.replications.run).toBeUndefined();
    expect(written.replications.seed).toBeUndefined();
    expect(typeof written.run.wallS).toBe("number");
  });

  it("the replications block has one interval per numeric metric of the summaries", () => {
    const a = { seed: 1, events: 10, jobs: { waitS: { mean: 1, p99: null } }, run: { wallS: 3 } };
    const b = { seed: 2, events: 14, jobs: { waitS: { mean: 3, p99: null } }, run: { wallS: 4 } };
    expect([...numericMetrics(a).keys()]).toEqual(["events", "jobs.waitS.mean"]);
    const block = replicationsBlock([a, b]);
    expect(Object.keys(block)).toEqual(["events", "jobs"]);
    expect(block.events).toMatchObject({ mean: 12, n: 2 });
    expect((block.jobs as Record<string, Record<string, unknown>>).waitS?.mean).toMatchObject({ mean: 2, n: 2 });
  });
});

describe("gpufleet run --seeds", () => {
  it("prints mean ± CI and writes the replication directory", () => {
    const out = join(dir, "cli");
    const r = runCli(["run", "scenarios/mmc.yaml", "--set", "workloads.0.count=300", "--set", "horizon.warmupS=0", "--seeds", "3", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("seeds 7..9 (3 replications");
    expect(r.stdout).toMatch(/wait mean \(s\)\s+[\d.]+ ± [\d.]+/);
    expect(existsSync(join(out, "seed9", "summary.json"))).toBe(true);
    // Every summary.json of the replication records the command that made it, the seed runs' too.
    const command = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { run: { command?: string } }).run.command;
    expect(command(join(out, "summary.json"))).toMatch(/^gpufleet run scenarios\/mmc\.yaml --set workloads\.0\.count=300 .*--seeds 3/);
    expect(command(join(out, "seed8", "summary.json"))).toBe(command(join(out, "summary.json")));
  });

  it("keeps the single-run behaviour with one seed", () => {
    const out = join(dir, "single");
    const r = runCli(["run", "scenarios/mmc.yaml", "--set", "workloads.0.count=300", "--seeds", "1", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("scenario mmc  seed 7");
    expect(existsSync(join(out, "jobs.csv"))).toBe(true);
    expect(existsSync(join(out, "seed7"))).toBe(false);
  });

  it("rejects a bad --seeds with exit 2", () => {
    const r = runCli(["run", "scenarios/mmc.yaml", "--seeds", "0", "--out", join(dir, "bad")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--seeds 0");
  });
});
