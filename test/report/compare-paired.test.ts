import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../../src/cli/in-process.js";
import { compareCsv } from "../../src/report/compare-report.js";
import { type RunGroup, compareGroups, comparisonMethods, sharesSeeds } from "../../src/report/compare-runs.js";
import { repoRoot } from "../helpers.js";

/** A group of runs with `waitS.mean` per seed. */
function group(label: string, seeds: number[], waits: number[]): RunGroup {
  return { label, dir: `/x/${label}`, runDirs: seeds.map((s) => `/x/${label}/seed${s}`), summaries: seeds.map((seed, i) => ({ seed, jobs: { waitS: { mean: waits[i] } } })) };
}

describe("gpufleet compare pairs runs that share seeds", () => {
  it("same seeds: per-seed differences (hand-computed), other seeds: Welch", () => {
    const base = group("base", [7, 8, 9], [10, 12, 14]);
    const same = group("same", [7, 8, 9], [11, 14, 16]);
    const other = group("other", [1, 2, 3], [11, 14, 16]);
    expect(sharesSeeds(same, base)).toBe(true);
    expect(sharesSeeds(other, base)).toBe(false);
    expect(sharesSeeds(group("reordered", [8, 7, 9], [1, 2, 3]), base)).toBe(false);
    expect(comparisonMethods([base, same, other])).toEqual([null, "paired-t", "welch"]);
    const [wait] = compareGroups([base, same, other], ["jobs.waitS.mean"]);
    const [, paired, welch] = wait?.stats ?? [];
    // d = 1, 2, 2: mean 5/3, se 1/3, t = 5 on 2 df, p = 1 − 5/√27.
    expect(paired?.diff).toMatchObject({ method: "paired-t", n: 3, excludesZero: true });
    expect(paired?.diff?.meanDiff).toBeCloseTo(5 / 3, 12);
    expect(paired?.pValue).toBeCloseTo(1 - 5 / Math.sqrt(27), 9);
    expect(paired?.significant).toBe(true);
    // The same numbers unpaired: not significant, a wider interval.
    expect(welch?.diff?.method).toBe("welch");
    expect(welch?.significant).toBe(false);
    const width = (d: typeof paired) => (d?.diff?.ciHigh as number) - (d?.diff?.ciLow as number);
    expect(width(paired)).toBeLessThan(width(welch));
    // Each group's own interval respects the range (waits >= 0) and names its method.
    expect(paired?.ci.method).toBe("bootstrap-percentile");
    const rows = parse(compareCsv([base, same, other], wait === undefined ? [] : [wait]), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.test)).toEqual(["", "paired-t", "welch"]);
    expect(rows[1]?.diffExcludesZero).toBe("true");
    expect(Number(rows[1]?.diffLow)).toBeCloseTo(5 / 3 - 4.302652729911275 / 3, 9);
  });

  it("end to end: two policies on the same seeds are compared paired, a run on other seeds unpaired", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-cmp-paired-"));
    const mmc = join(repoRoot, "scenarios", "mmc.yaml");
    const run = async (name: string, extra: string[]) => {
      const out = join(dir, name);
      const r = await runCliInProcess(["run", mmc, "--set", "workloads.0.count=400", "--set", "horizon.warmupS=0", "--seeds", "3", "--workers", "1", "--no-report", "--quiet", "--out", out, ...extra]);
      expect(r.code).toBe(0);
      return out;
    };
    const a = await run("light", ["--set", "workloads.0.arrival.ratePerS=5"]);
    const b = await run("heavy", ["--set", "workloads.0.arrival.ratePerS=7"]);
    const c = await run("heavy-other-seeds", ["--set", "workloads.0.arrival.ratePerS=7", "--seed", "100"]);
    const r = await runCliInProcess(["compare", a, b, c, "--out", join(dir, "cmp")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("heavy (n=3, paired)");
    expect(r.stdout).toContain("heavy vs light: paired by seed (3 shared seeds");
    expect(r.stdout).toContain("heavy-other-seeds vs light: unpaired (different seeds; Welch's t)");
    expect(r.stdout).toMatch(/difference vs light\s+heavy \(paired\)\s+heavy-other-seeds \(Welch\)/);
    const rows = parse(readFileSync(join(dir, "cmp", "compare.csv")), { columns: true }) as Record<string, string>[];
    const wait = rows.filter((x) => x.metric === "jobs.waitS.mean");
    expect(wait.map((x) => x.test)).toEqual(["", "paired-t", "welch"]);
    expect(readFileSync(join(dir, "cmp", "compare.html"), "utf8")).toContain("paired by seed");
  }, 120_000);
});
