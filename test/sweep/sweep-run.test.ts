import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";
import { loadSweep } from "../../src/sweep/load-sweep.js";
import { runSweep } from "../../src/sweep/run-sweep.js";
import { runCli } from "../cli/run-cli.js";

// A real sweep on worker threads (compiled dist/): M/M/c at 2 loads x 2 queue policies x 2 seeds.
const dir = mkdtempSync(join(tmpdir(), "gpufleet-sweep-"));
const sweepFile = join(dir, "small.yaml");
writeFileSync(
  sweepFile,
  `name: small
scenario: ${JSON.stringify(join(repoRoot, "scenarios", "mmc.yaml"))}
set: ["workloads.0.count=400", "horizon.warmupS=0"]
grid:
  workloads.0.arrival.ratePerS: [5, 7]
policies:
  queue: [fifo, sjf]
seeds: 2
`,
);

function csvRows(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true }) as Record<string, string>[];
}

function ranCount(stdout: string): number {
  return Number(/(\d+) run\(s\) in/.exec(stdout)?.[1]);
}

describe("gpufleet sweep", () => {
  const full = join(dir, "full");
  beforeAll(() => {
    const r = runCli(["sweep", sweepFile, "--workers", "2", "--out", full]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("writes one row per cell x seed with parameters, policies, seed and key metrics", () => {
    const rows = csvRows(join(full, "sweep.csv"));
    expect(rows).toHaveLength(8);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      "cell", "workloads.0.arrival.ratePerS", "queue", "placement", "backfill", "seed",
      "jobs.completed", "jobs.waitS.mean", "jobs.waitS.p50", "jobs.waitS.p99", "jobs.jctS.mean", "jobs.jctS.p99",
      "jobs.slowdown.mean", "jobs.probWait", "gpus.allocatedFraction", "gpus.busyFraction", "failures.reexecutedGpuHours", "failures.goodput", "failures.availability", "fill.unallocatedPctAt100", "fill.fragmentationPctAt100", "events", "dir",
    ]);
    expect(rows.map((r) => `${r.cell}/${r["workloads.0.arrival.ratePerS"]}/${r.queue}/${r.seed}`)).toEqual([
      "0/5/fifo/7", "0/5/fifo/8", "1/5/sjf/7", "1/5/sjf/8", "2/7/fifo/7", "2/7/fifo/8", "3/7/sjf/7", "3/7/sjf/8",
    ]);
    for (const r of rows) {
      expect(Number(r["jobs.completed"])).toBe(400);
      expect(existsSync(join(full, r.dir as string, "summary.json"))).toBe(true);
    }
    // Each run records the sweep command that made it.
    const run = JSON.parse(readFileSync(join(full, rows[0]?.dir as string, "summary.json"), "utf8")) as { run: { command?: string } };
    expect(run.run.command).toMatch(/^gpufleet sweep .* --workers 2 --out /);
  });

  it("writes the report, per-cell summaries and a manifest", () => {
    expect(readFileSync(join(full, "sweep.html"), "utf8")).toContain("<svg");
    const charts = readdirSync(join(full, "charts"));
    expect(charts).toContain("jobs.waitS.mean-vs-ratePerS.svg");
    const cell = JSON.parse(readFileSync(join(full, "cells", "000-ratePerS-5_fifo", "summary.json"), "utf8"));
    expect(cell.replications.jobs.waitS.mean.n).toBe(2);
    expect(JSON.parse(readFileSync(join(full, "sweep.json"), "utf8")).cells).toHaveLength(4);
  });

  it("resume skips finished runs and runs only the missing ones", () => {
    const resumed = join(dir, "resumed");
    // Shard 0 of 2 runs every other run: seed 7 of each cell.
    expect(runCli(["sweep", sweepFile, "--workers", "2", "--out", resumed, "--shard", "0/2"]).code).toBe(0);
    const kept = join(resumed, "cells", "000-ratePerS-5_fifo", "seed7");
    writeFileSync(join(kept, "marker"), "untouched");
    rmSync(join(resumed, "cells", "001-ratePerS-5_sjf", "seed7"), { recursive: true });
    const r = runCli(["sweep", sweepFile, "--workers", "2", "--out", resumed, "--resume"]);
    expect(r.code).toBe(0);
    expect(ranCount(r.stdout)).toBe(5); // the 4 seed-8 runs, and seed 7 of cell 1
    expect(r.stdout).toContain("3 skipped");
    expect(readFileSync(join(kept, "marker"), "utf8")).toBe("untouched");
    expect(readFileSync(join(resumed, "sweep.csv"), "utf8")).toBe(readFileSync(join(full, "sweep.csv"), "utf8"));
    const again = runCli(["sweep", sweepFile, "--out", resumed, "--resume"]);
    expect(ranCount(again.stdout)).toBe(0);
  });

  it("shards merged equal the full sweep", () => {
    const a = join(dir, "shard-a");
    const b = join(dir, "shard-b");
    expect(runCli(["sweep", sweepFile, "--workers", "1", "--out", a, "--shard", "0/2"]).code).toBe(0);
    expect(runCli(["sweep", sweepFile, "--workers", "1", "--out", b, "--shard", "1/2"]).code).toBe(0);
    expect(readdirSync(join(a, "cells", "000-ratePerS-5_fifo"))).toEqual(["seed7"]);
    expect(existsSync(join(a, "sweep.csv"))).toBe(false); // a shard leaves sweep.csv and the report to merge
    const merged = join(dir, "merged");
    const r = runCli(["merge", a, b, "--out", merged]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("8 of 8 runs present");
    expect(readFileSync(join(merged, "sweep.csv"), "utf8")).toBe(readFileSync(join(full, "sweep.csv"), "utf8"));
    expect(existsSync(join(merged, "sweep.html"))).toBe(true);
  });

  it("refuses to resume into the output of a different sweep", () => {
    const other = join(dir, "other.yaml");
    writeFileSync(other, readFileSync(sweepFile, "utf8").replace("[5, 7]", "[5, 6]"));
    const r = runCli(["sweep", other, "--out", full, "--resume"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("different sweep");
  });
});

describe("runSweep in-process", () => {
  it("runs from the TypeScript sources with workers loading dist/, reporting progress", async () => {
    const plan = loadSweep(sweepFile);
    expect(plan.cells.map((c) => c.id)).toEqual(["000-ratePerS-5_fifo", "001-ratePerS-5_sjf", "002-ratePerS-7_fifo", "003-ratePerS-7_sjf"]);
    expect(plan.seeds).toEqual([7, 8]);
    const progress: number[] = [];
    const result = await runSweep(plan, { outDir: join(dir, "in-process"), workers: 2, shard: { index: 1, count: 2 }, report: false, onProgress: (done) => progress.push(done) });
    expect(result).toMatchObject({ planned: 4, ran: 4, skipped: 0, interrupted: false, rows: 4 });
    expect(progress).toEqual([0, 1, 2, 3, 4]);
    expect(existsSync(join(dir, "in-process", "sweep.html"))).toBe(false);
  });

  it("an aborted sweep keeps what finished and leaves no temporary directories", async () => {
    const plan = loadSweep(sweepFile);
    const abort = new AbortController();
    const out = join(dir, "aborted");
    const result = await runSweep(plan, { outDir: out, workers: 1, signal: abort.signal, onProgress: (done) => done === 2 && abort.abort() });
    expect(result.interrupted).toBe(true);
    expect(result.rows).toBeGreaterThanOrEqual(2);
    expect(result.rows).toBeLessThan(8);
    const leftovers = readdirSync(join(out, "cells"), { recursive: true }).map(String).filter((p) => p.includes(".tmp-"));
    expect(leftovers).toEqual([]);
    const resumed = await runSweep(plan, { outDir: out, workers: 2, resume: true, report: false });
    expect(resumed).toMatchObject({ ran: 8 - result.rows, skipped: result.rows, rows: 8 });
  });
});

const scenario = JSON.stringify(join(repoRoot, "scenarios", "mmc.yaml"));
const badCases: [string, string, string[]][] = [
  ["unknown field", `scenario: ${scenario}\ngrids: {}\n`, ["grids", "unknown field", "allowed here"]],
  ["unknown policy", `scenario: ${scenario}\npolicies: { queue: [fifo, lifo] }\n`, ["policies.queue.1", "lifo", '"sjf"']],
  ["empty axis", `scenario: ${scenario}\ngrid: { workloads.0.count: [] }\n`, ["grid.workloads.0.count", ">= 1"]],
  ["invalid value in a cell", `scenario: ${scenario}\ngrid: { workloads.0.arrival.ratePerS: [1, -2] }\n`, ["cell 1", "ratePerS", "> 0"]],
  ["no such field", `scenario: ${scenario}\ngrid: { cluster.racks: [1] }\n`, ["cell 0", "cluster.racks", "unknown field"]],
  ["missing base scenario", "scenario: nope.yaml\n", ["scenario", "nope.yaml", "file not found"]],
  ["no scenario", "grid: {}\n", ["scenario", "missing required field"]],
  ["bad seeds", `scenario: ${scenario}\nseeds: 0\n`, ["seeds", "> 0"]],
  ["empty file", "", ["empty"]],
];

describe("bad sweep files: exit 2 and one line", () => {
  it.each(badCases)("%s", (name, text, fragments) => {
    const file = join(dir, `bad-${name.replace(/ /g, "-")}.yaml`);
    writeFileSync(file, text);
    const r = runCli(["sweep", file, "--out", join(dir, "never")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    for (const f of [file, ...fragments]) expect(r.stderr).toContain(f);
    expect(existsSync(join(dir, "never"))).toBe(false);
  });

  it("a missing sweep file, a bad --shard and --workers", () => {
    for (const args of [["sweep", join(dir, "none.yaml")], ["sweep", sweepFile, "--shard", "3/2"], ["sweep", sweepFile, "--workers", "0"]]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
