import { mkdtempSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runReplications } from "../../src/run/replications.js";
import { loadScenario } from "../../src/scenario/load.js";
import { runReplicationsOnPool } from "../../src/sweep/replications-pool.js";
import { workerCount } from "../../src/sweep/worker-count.js";
import { runCli } from "../cli/run-cli.js";
import { repoRoot } from "../helpers.js";
import { expectSameSweep } from "./compare-dirs.js";

const dir = mkdtempSync(join(tmpdir(), "gpufleet-reps-pool-"));
const scenarioFile = join(repoRoot, "scenarios", "mmc.yaml");

describe("run --seeds N on the worker pool", () => {
  it("writes the same files as the sequential replications (wall clock aside), reports included", async () => {
    const scenario = loadScenario(scenarioFile, { set: ["workloads.0.count=300", "horizon.warmupS=0"], seed: 3 });
    const sequential = join(dir, "sequential");
    const pooled = join(dir, "pooled");
    const a = await runReplications(scenario, scenarioFile, sequential, { seeds: 3 });
    const done: number[] = [];
    const b = await runReplicationsOnPool(scenario, scenarioFile, pooled, { seeds: 3, workers: 2, onRun: (_s, n) => done.push(n) });
    expect(done).toEqual([1, 2, 3]);
    expect(b.summary.seeds).toEqual([3, 4, 5]);
    expect(b.summary.replications).toEqual(a.summary.replications);
    expect(readFileSync(join(pooled, "seed4", "report.html"), "utf8")).toContain("<svg");
    expectSameSweep(sequential, pooled);
  }, 120_000);

  it("the CLI's run --seeds uses it, with --workers (1: in-process, same bytes)", () => {
    const out = join(dir, "cli");
    const r = runCli(["run", scenarioFile, "--seeds", "2", "--workers", "2", "--set", "workloads.0.count=200", "--out", out, "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).seeds).toHaveLength(2);
    // --workers 1 runs the seeds one after another in this process: the same bytes as the pool.
    const serial = join(dir, "cli-serial");
    expect(runCli(["run", scenarioFile, "--seeds", "2", "--workers", "1", "--set", "workloads.0.count=200", "--out", serial, "--quiet"]).code).toBe(0);
    expectSameSweep(out, serial);
    const bad = runCli(["run", scenarioFile, "--seeds", "2", "--workers", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--workers 0");
  });
});

describe("--workers", () => {
  it("defaults to every core of the machine, with no cap at 8", () => {
    expect(workerCount(undefined)).toBe(availableParallelism());
    expect(workerCount(128)).toBe(128);
    expect(() => workerCount(0)).toThrow(/--workers 0/);
    expect(() => workerCount(2.5)).toThrow(/whole number/);
  });
});
