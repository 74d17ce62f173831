/**
 * Interrupted runs leave no temporary directory: SIGINT or SIGTERM during `run` / `run --seeds`
 * (the watchdog removes it), and a later run removes the temps of processes that died (killed, out of memory).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeAtomically } from "../../src/report/run-dir.js";
import { repoRoot } from "../helpers.js";

const mainJs = join(repoRoot, "dist", "cli", "main.js");

// Long enough to be interrupted mid-run on any machine; the horizon bounds it anyway.
const long = `name: long
horizon: { durationS: 1e7 }
cluster:
  nodes: [{ count: 4, gpu: H100-SXM, gpusPerNode: 8 }]
workloads:
  - { kind: jobs, name: w, count: 5000000, arrival: { process: poisson, ratePerS: 10 }, durationS: { dist: exponential, mean: 2 } }
`;

const temps = (dir: string) => readdirSync(dir).filter((f) => f.includes(".tmp-"));

/** Poll (without asserting on time) until `done` holds or `tries` run out. */
async function waitFor(done: () => boolean, tries = 1000, everyMs = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (done()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return done();
}

describe("interrupts leave no temp dirs", () => {
  it.each([
    ["run", "SIGINT", []],
    ["run", "SIGTERM", []],
    ["run --seeds", "SIGTERM", ["--seeds", "2"]],
  ] as const)("%s on %s", { timeout: 240_000 }, async (_what, signal, extra) => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-int-"));
    writeFileSync(join(dir, "long.yaml"), long);
    const child = spawn(process.execPath, [mainJs, "run", "long.yaml", "--out", "out", "--quiet", ...extra], { cwd: dir, stdio: "ignore" });
    const exited = new Promise<void>((r) => child.on("exit", () => r()));
    expect(await waitFor(() => temps(dir).length > 0)).toBe(true);
    child.kill(signal);
    await exited;
    expect(await waitFor(() => temps(dir).length === 0)).toBe(true);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("a later run removes the temp dir a dead process left, and keeps a live process's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-stale-"));
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid as number;
    const host = hostname().replace(/[^A-Za-z0-9_.]/g, "_");
    const stale = join(dir, `.out.tmp-${host}-${dead}-abcdef`);
    const live = join(dir, `.out.tmp-${host}-${process.ppid}-ghijkl`);
    mkdirSync(stale);
    mkdirSync(live);
    writeFileSync(join(stale, "partial.csv"), "x");
    await writeAtomically(join(dir, "out"), (temp) => writeFileSync(join(temp, "summary.json"), "{}"));
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(join(dir, "out", "summary.json"))).toBe(true);
  });
});
