import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSweep } from "../../src/sweep/load-sweep.js";
import { mergeSweeps } from "../../src/sweep/merge-sweeps.js";
import { runSweep } from "../../src/sweep/run-sweep.js";
import { runCli } from "../cli/run-cli.js";
import { expectSameSweep } from "./compare-dirs.js";
import { repoRoot } from "../helpers.js";

// The same small M/M/c sweep (3 loads x 2 queue policies x 2 seeds = 12 runs) on one machine and
// as 5 shards writing into one shared directory, then merged: every output file must be the same
// bytes, apart from the wall-clock `run` block of the per-run summary.json files.
const dir = mkdtempSync(join(tmpdir(), "gpufleet-merge-exact-"));
const sweepFile = join(dir, "exact.yaml");
writeFileSync(
  sweepFile,
  `name: exact
description: byte-identical merge check
scenario: ${JSON.stringify(join(repoRoot, "scenarios", "mmc.yaml"))}
set: ["workloads.0.count=300", "horizon.warmupS=0"]
grid:
  workloads.0.arrival.ratePerS: [4, 6, 7]
policies:
  queue: [fifo, sjf]
seeds: 2
`,
);

describe("a sharded sweep merged from one shared directory", () => {
  const full = join(dir, "full");
  const shared = join(dir, "shared");
  beforeAll(async () => {
    const plan = loadSweep(sweepFile);
    await runSweep(plan, { outDir: full, workers: 2 });
    for (let index = 0; index < 5; index++) {
      const r = await runSweep(plan, { outDir: shared, workers: 1, shard: { index, count: 5 } });
      expect(r.planned).toBe(index < 2 ? 3 : 2); // 12 runs over 5 shards: 3, 3, 2, 2, 2
      expect(r.ran).toBe(r.planned);
    }
  }, 240_000);

  it("shards write only runs; merge writes sweep.csv, sweep.json and the report", async () => {
    expect(existsSync(join(shared, "sweep.csv"))).toBe(false);
    expect(existsSync(join(shared, "sweep.html"))).toBe(false);
    const result = await mergeSweeps([shared]);
    expect(result).toMatchObject({ copied: 0, rows: 12, expected: 12, missing: [] });
  });

  it("is byte-identical to the same sweep on one machine (apart from wall-clock fields)", () => {
    expect(readFileSync(join(shared, "sweep.csv"), "utf8")).toBe(readFileSync(join(full, "sweep.csv"), "utf8"));
    expect(readFileSync(join(shared, "sweep.json"), "utf8")).toBe(readFileSync(join(full, "sweep.json"), "utf8"));
    expect(readFileSync(join(shared, "sweep.html"), "utf8")).toBe(readFileSync(join(full, "sweep.html"), "utf8"));
    expectSameSweep(full, shared);
  });

  it("re-running a shard skips its finished runs", async () => {
    const r = await runSweep(loadSweep(sweepFile), { outDir: shared, workers: 1, shard: { index: 3, count: 5 } });
    expect(r).toMatchObject({ planned: 2, skipped: 2, ran: 0 });
  });

  it("merge names the missing runs and exits 1 when a shard has not run", () => {
    const partial = join(dir, "partial");
    cpSync(shared, partial, { recursive: true });
    for (const f of ["sweep.csv", "sweep.html"]) rmSync(join(partial, f));
    rmSync(join(partial, "cells", "000-ratePerS-4_fifo", "seed7"), { recursive: true });
    rmSync(join(partial, "cells", "005-ratePerS-7_sjf", "seed8"), { recursive: true });
    const r = runCli(["merge", partial]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("2 of 12 runs missing: 000-ratePerS-4_fifo/seed7, 005-ratePerS-7_sjf/seed8");
    // What is there is still merged, so a look at the partial results is possible.
    expect(readFileSync(join(partial, "sweep.csv"), "utf8").trim().split("\n")).toHaveLength(11);
  });

  it("a shard refuses a results directory of a different sweep", () => {
    const other = join(dir, "other.yaml");
    writeFileSync(other, readFileSync(sweepFile, "utf8").replace("[4, 6, 7]", "[4, 6, 8]"));
    const r = runCli(["sweep", other, "--out", shared, "--shard", "0/5"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("different sweep");
  });

  it("a shard starting while another creates the directory (cells/ and a sweep.json temp file, no sweep.json yet) joins it", async () => {
    const racing = join(dir, "racing");
    mkdirSync(join(racing, "cells"), { recursive: true });
    writeFileSync(join(racing, "sweep.json.tmp-otherhost-123"), "{");
    const r = await runSweep(loadSweep(sweepFile), { outDir: racing, workers: 1, shard: { index: 11, count: 12 } });
    expect(r).toMatchObject({ planned: 1, ran: 1 });
    const foreign = join(dir, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "notes.txt"), "mine");
    await expect(runSweep(loadSweep(sweepFile), { outDir: foreign, workers: 1, shard: { index: 0, count: 12 } })).rejects.toThrow(/not a gpufleet run directory/);
  });

  it("merge --wait gives up after the wait with exit 1 when runs stay missing", () => {
    const partial = join(dir, "partial-wait");
    cpSync(shared, partial, { recursive: true });
    rmSync(join(partial, "cells", "001-ratePerS-4_sjf", "seed8"), { recursive: true });
    const r = runCli(["merge", partial, "--wait", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("did not complete within --wait 0 s");
  });
});

describe("the fingerprint hashes what the runs compute, not where the files are", () => {
  /** A copy of the openb replay scenario and its trace in a fresh directory (another checkout). */
  function checkout(name: string): string {
    const root = join(dir, name);
    mkdirSync(join(root, "traces"), { recursive: true });
    cpSync(join(repoRoot, "scenarios", "openb-replay.yaml"), join(root, "openb-replay.yaml"));
    cpSync(join(repoRoot, "scenarios", "traces", "openb-sample-pods.csv"), join(root, "traces", "openb-sample-pods.csv"));
    writeFileSync(join(root, "sweep.yaml"), "name: trace\nscenario: openb-replay.yaml\npolicies:\n  placement: [first-fit, best-fit]\nseeds: 1\n");
    return root;
  }

  it("two checkouts at different paths give the same fingerprint; an edited trace another", () => {
    const a = checkout("checkout-a");
    const b = checkout("elsewhere/checkout-b");
    const fa = loadSweep(join(a, "sweep.yaml")).fingerprint;
    expect(loadSweep(join(b, "sweep.yaml")).fingerprint).toBe(fa);
    const trace = join(b, "traces", "openb-sample-pods.csv");
    const lines = readFileSync(trace, "utf8").split("\n");
    writeFileSync(trace, [...lines.slice(0, 2), ...lines.slice(3)].join("\n")); // one pod fewer
    expect(loadSweep(join(b, "sweep.yaml")).fingerprint).not.toBe(fa);
  });
});
