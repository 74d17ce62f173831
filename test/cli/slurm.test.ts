/**
 * A real Slurm: a single-host cluster on localhost (test/cli/slurm-cluster.ts) runs the job array
 * that `gpufleet sweep --emit slurm` writes for a small sweep (4 tasks, then the afterok merge
 * job); the merged results must be the same bytes as the sweep run on one machine. Skips, saying
 * why, when Slurm is not installed — unless GPUFLEET_REQUIRE_SLURM=1 (CI), when that fails.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectSameSweep } from "../sweep/compare-dirs.js";
import { repoRoot } from "../helpers.js";
import { runCli } from "./run-cli.js";
import { type SlurmCluster, readLog, slurmCommand, slurmUnavailable, startSlurmCluster, waitFor } from "./slurm-cluster.js";

const dir = mkdtempSync(join(tmpdir(), "gpufleet-slurm-sweep-"));
const sweepFile = join(dir, "slurm-small.yaml");
writeFileSync(
  sweepFile,
  `name: slurm-small
scenario: ${JSON.stringify(join(repoRoot, "scenarios", "mmc.yaml"))}
set: ["workloads.0.count=300", "horizon.warmupS=0"]
grid:
  workloads.0.arrival.ratePerS: [5, 7]
policies:
  queue: [fifo, sjf]
seeds: 2
`,
);

let cluster: SlurmCluster | undefined;
afterAll(async () => {
  await cluster?.stop();
}, 60_000);

describe("a sweep as a Slurm job array on a real single-host Slurm", () => {
  it("runs the emitted array and afterok merge job; the merged sweep equals the single-machine one byte for byte", async (ctx) => {
    const reason = slurmUnavailable();
    if (reason !== undefined) {
      if (process.env.GPUFLEET_REQUIRE_SLURM === "1") throw new Error(`GPUFLEET_REQUIRE_SLURM=1 but Slurm cannot run here: ${reason}`);
      console.warn(`SKIPPED Slurm integration test: ${reason}`);
      ctx.skip(reason);
      return;
    }
    cluster = await startSlurmCluster();
    const env = cluster.env;
    const out = join(dir, "slurm-out");
    // The tasks call the compiled CLI of this checkout with this Node, whatever PATH the job gets.
    const cli = `${process.execPath} ${join(repoRoot, "dist", "cli", "main.js")}`;
    const emitted = runCli(["sweep", sweepFile, "--emit", "slurm", "--shards", "4", "--out", out, "--cli", cli]);
    expect(emitted.stderr).toBe("");
    expect(emitted.code).toBe(0);
    const script = join(dir, "submit.sh");
    writeFileSync(script, emitted.stdout);

    const submitted = slurmCommand(env, "bash", [script]);
    const ids = /array job (\d+) \(4 tasks\) and merge job (\d+) \(afterok:\1\)/.exec(submitted);
    expect(ids, submitted).not.toBeNull();
    const [arrayJob, mergeJob] = [ids?.[1] as string, ids?.[2] as string];
    const queued = (): string => slurmCommand(env, "squeue", ["-h", "-j", `${arrayJob},${mergeJob}`, "-o", "%i %T %r"]).trim();
    await waitFor(() => queued() === "", 240_000, () => `jobs still queued: ${queued()} (${readLog(join(cluster?.dir ?? "", "log", "slurmctld.log"))})`, 1000);

    const state = (job: string): string[] => [...slurmCommand(env, "scontrol", ["show", "job", job]).matchAll(/JobState=(\S+)/g)].map((m) => m[1] as string);
    expect(state(arrayJob)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"]);
    expect(state(mergeJob)).toEqual(["COMPLETED"]);
    const logs = readdirSync(`${out}.slurm-logs`).sort();
    expect(logs).toEqual([...[0, 1, 2, 3].map((i) => `gpufleet-slurm-small-${arrayJob}_${i}.out`), `gpufleet-slurm-small-merge-${mergeJob}.out`]);
    expect(readFileSync(join(`${out}.slurm-logs`, logs[4] as string), "utf8")).toContain("8 of 8 runs present");

    const local = join(dir, "local");
    const r = runCli(["sweep", sweepFile, "--out", local, "--workers", "2", "--quiet"]);
    expect(r.code).toBe(0);
    for (const f of ["sweep.csv", "sweep.json", "sweep.html"]) expect(readFileSync(join(out, f), "utf8"), f).toBe(readFileSync(join(local, f), "utf8"));
    expectSameSweep(local, out);
  }, 300_000);
});
