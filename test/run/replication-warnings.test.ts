import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../../src/cli/in-process.js";
import { replicationWarnings } from "../../src/run/replications.js";
import { repoRoot } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "gpufleet-repl-warn-"));
// In-process runs write to this process's stderr: no progress line, even when tests run on a terminal.
process.env.CI = "true";
const mmc = join(repoRoot, "scenarios", "mmc.yaml");

describe("replications warn below 5 seeds", () => {
  it("one warning for 1..4 seeds, none from 5", () => {
    expect(replicationWarnings(3)).toHaveLength(1);
    expect(replicationWarnings(3)[0]).toMatch(/only 3 seeds: .*fewer than 5 seeds are wide or unreliable/);
    expect(replicationWarnings(4)).toHaveLength(1);
    expect(replicationWarnings(5)).toEqual([]);
    expect(replicationWarnings(40)).toEqual([]);
  });

  it("run --seeds 3 prints one warning line on stderr and records it in summary.json; --quiet prints nothing", async () => {
    const out = join(dir, "three");
    const args = ["run", mmc, "--set", "workloads.0.count=300", "--set", "horizon.warmupS=0", "--seeds", "3", "--workers", "1", "--no-report"];
    const r = await runCliInProcess([...args, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^warning: only 3 seeds: confidence intervals .* unreliable/)]);
    expect(r.stdout).toContain("interval");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.warnings).toEqual(replicationWarnings(3));
    expect(Object.keys(summary)).toEqual(["scenario", "seed", "seeds", "warnings", "replications", "run"]);
    expect(summary.replications.jobs.waitS.mean.method).toBe("bootstrap-percentile");
    // --no-report holds for every seed's run directory too.
    expect(existsSync(join(out, "seed7", "summary.json"))).toBe(true);
    expect(existsSync(join(out, "seed7", "report.html"))).toBe(false);
    const quiet = await runCliInProcess([...args, "--out", join(dir, "quiet"), "--quiet"]);
    expect(quiet).toMatchObject({ code: 0, stdout: "", stderr: "" });
  });

  it("run --seeds 5 warns about nothing", async () => {
    const out = join(dir, "five");
    const r = await runCliInProcess(["run", mmc, "--set", "workloads.0.count=100", "--seeds", "5", "--workers", "1", "--no-report", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).warnings).toEqual([]);
  });
});
