import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "gpufleet-cmp-"));
const mmc = join(repoRoot, "scenarios", "mmc.yaml");
const quickstart = join(repoRoot, "scenarios", "quickstart.yaml");

/** Replications of M/M/8 with 1,500 jobs at `ratePerS`, 4 seeds. */
function replicate(name: string, ratePerS: number): string {
  const out = join(dir, name);
  const args = ["run", mmc, "--set", "workloads.0.count=1500", "--set", "horizon.warmupS=0", "--set", `workloads.0.arrival.ratePerS=${ratePerS}`, "--seeds", "4", "--out", out, "--quiet"];
  expect(runCli(args).code).toBe(0);
  return out;
}

/** The cells of the printed table's row `label`. */
function tableRow(stdout: string, label: string): string {
  return stdout.split("\n").find((l) => l.startsWith(label)) ?? "";
}

describe("gpufleet compare", () => {
  let light: string;
  let heavy: string;
  let lightAgain: string;
  beforeAll(() => {
    light = replicate("light", 5);
    heavy = replicate("heavy", 7.5);
    lightAgain = replicate("light-again", 5);
  });

  it("marks a real difference significant (Welch across seeds) and writes csv and charts", () => {
    const out = join(dir, "cmp-diff");
    const r = runCli(["compare", light, heavy, "--out", out]);
    expect(r.code).toBe(0);
    expect(tableRow(r.stdout, "wait mean (s)")).toMatch(/ ± .* ± [\d.]+ \*$/);
    expect(r.stdout).toContain("Welch");
    const rows = parse(readFileSync(join(out, "compare.csv")), { columns: true }) as Record<string, string>[];
    const wait = rows.filter((x) => x.metric === "jobs.waitS.mean");
    expect(wait.map((x) => x.run)).toEqual(["light", "heavy"]);
    expect(wait[1]?.significant).toBe("true");
    expect(Number(wait[1]?.pValue)).toBeLessThan(0.05);
    for (const f of ["compare.html", "charts/cdf-wait.svg", "charts/cdf-jct.svg", "charts/bar-jobs.waitS.mean.svg"]) expect(existsSync(join(out, f))).toBe(true);
  });

  it("does not mark identical runs", () => {
    const r = runCli(["compare", light, lightAgain, "--out", join(dir, "cmp-same")]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\*\s*$/m);
    const rows = parse(readFileSync(join(dir, "cmp-same", "compare.csv")), { columns: true }) as Record<string, string>[];
    expect(rows.filter((x) => x.significant === "true")).toEqual([]);
  });

  it("compares single runs without intervals, and rejects what is not a run", () => {
    const r = runCli(["compare", join(light, "seed7"), join(heavy, "seed7"), "--out", join(dir, "cmp-single")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("one seed per run");
    const bad = runCli(["compare", dir, "--out", join(dir, "cmp-bad")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain("not a run directory");
  });
});

/** A manifest in a temporary directory (its baselines beside it). */
function manifest(name: string, entries: string): string {
  const file = join(dir, name, "manifest.yaml");
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(file, `baselines:\n${entries}`);
  return file;
}

describe("gpufleet regress", () => {
  it("passes on the committed baselines", () => {
    const r = runCli(["regress", "--out", join(dir, "regress-committed")]);
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/all \d+ checks passed/);
  });

  it("fails with exit 1 naming every regressed metric when a policy gets worse", () => {
    const entry = (set: string) => `  - name: qs
    scenario: ${JSON.stringify(quickstart)}
    set: [${set}]
    metrics:
      jobs.waitS.mean: { direction: lower-is-better, relative: 0.1 }
      jobs.jctS.mean: { direction: lower-is-better, relative: 0.1 }
      events: { direction: two-sided, relative: 1 }
`;
    const file = manifest("policy", entry('"scheduler.backfill=easy"'));
    expect(runCli(["regress", "--manifest", file, "--update", "--out", join(dir, "rp")]).code).toBe(0);
    expect(existsSync(join(dir, "policy", "qs.json"))).toBe(true);
    expect(runCli(["regress", "--manifest", file, "--out", join(dir, "rp")]).code).toBe(0);
    writeFileSync(file, `baselines:\n${entry('"scheduler.backfill=none"')}`);
    const r = runCli(["regress", "--manifest", file, "--out", join(dir, "rp")]);
    expect(r.code).toBe(1);
    const line = r.stderr.trim().split("\n").pop() ?? "";
    expect(line).toMatch(/regress: 2 metric\(s\) regressed: qs jobs\.waitS\.mean [\d.]+ -> [\d.]+ .*; qs jobs\.jctS\.mean [\d.]+ -> [\d.]+/);
    expect(line).not.toContain("events");
    expect(r.stdout).toContain("REGRESSED");
  });

  it("fails when a tolerance is tightened below the change, passes when it allows it", () => {
    const entry = (rate: number, relative: number) => `  - name: m
    scenario: ${JSON.stringify(mmc)}
    seeds: 2
    set: ["workloads.0.count=1000", "workloads.0.arrival.ratePerS=${rate}"]
    metrics:
      jobs.waitS.mean: { direction: lower-is-better, relative: ${relative} }
`;
    const file = manifest("tolerance", entry(6.5, 0.05));
    expect(runCli(["regress", "--manifest", file, "--update", "--out", join(dir, "rt")]).code).toBe(0);
    writeFileSync(file, `baselines:\n${entry(6.6, 100)}`);
    expect(runCli(["regress", "--manifest", file, "--out", join(dir, "rt")]).code).toBe(0);
    writeFileSync(file, `baselines:\n${entry(6.6, 0.001)}`);
    const r = runCli(["regress", "--manifest", file, "--out", join(dir, "rt")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("m jobs.waitS.mean");
  });

  it("exit 2 for a missing baseline, an unknown metric or a bad manifest", () => {
    const missing = manifest("missing", `  - name: nobase\n    scenario: ${JSON.stringify(mmc)}\n    metrics: { events: {} }\n`);
    const r1 = runCli(["regress", "--manifest", missing, "--out", join(dir, "rm")]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain("regress --update");
    const unknown = manifest("unknown", `  - name: u\n    scenario: ${JSON.stringify(mmc)}\n    set: ["workloads.0.count=100"]\n    metrics: { jobs.waitS.average: {} }\n`);
    expect(runCli(["regress", "--manifest", unknown, "--update", "--out", join(dir, "ru")]).code).toBe(0);
    const r2 = runCli(["regress", "--manifest", unknown, "--out", join(dir, "ru")]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("jobs.waitS.average");
    const bad = manifest("bad", `  - name: b\n    scenario: x.yaml\n    metrics: { events: { direction: sideways } }\n`);
    const r3 = runCli(["regress", "--manifest", bad]);
    expect(r3.code).toBe(2);
    expect(r3.stderr.trim().split("\n")).toHaveLength(1);
    expect(r3.stderr).toContain("baselines.0.metrics.events.direction");
  });
});
