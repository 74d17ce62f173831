import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Job } from "kubernetes-models/batch/v1";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { expectSameSweep } from "../sweep/compare-dirs.js";
import { repoRoot } from "../helpers.js";
import { runCli } from "./run-cli.js";

// Launch templates for a small sweep (2 loads x 2 seeds = 4 runs): the Kubernetes manifest is
// validated against the Kubernetes API schema (kubernetes-models' validators, generated from the
// OpenAPI spec), and its pod commands are run here as the Indexed Job would run them.
const dir = mkdtempSync(join(tmpdir(), "gpufleet-emit-"));
const sweepFile = join(dir, "tiny.yaml");
writeFileSync(
  sweepFile,
  `name: tiny
scenario: ${JSON.stringify(join(repoRoot, "scenarios", "mmc.yaml"))}
set: ["workloads.0.count=200", "horizon.warmupS=0"]
grid:
  workloads.0.arrival.ratePerS: [5, 7]
seeds: 2
`,
);

interface Container {
  args: string[];
  command?: string[];
  env?: { name: string; value: string }[];
  volumeMounts: { name: string; mountPath: string }[];
}

function containerOf(job: Job): Container {
  return job.spec?.template.spec?.containers[0] as unknown as Container;
}

describe("gpufleet sweep --emit k8s", () => {
  const mount = join(dir, "volume");
  let jobs: Job[] = [];
  beforeAll(() => {
    const r = runCli(["sweep", sweepFile, "--emit", "k8s", "--shards", "3", "--image", "registry.example/gpufleet:0.1.0", "--mount", mount]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout);
    jobs = docs.map((d) => new Job(d.toJSON() as ConstructorParameters<typeof Job>[0]));
  });

  it("writes an Indexed Job and a merge Job that validate against the Kubernetes schema", () => {
    expect(jobs).toHaveLength(2);
    for (const job of jobs) expect(() => job.validate()).not.toThrow();
    const [array, merge] = jobs as [Job, Job];
    expect(array.spec).toMatchObject({ completionMode: "Indexed", completions: 3, parallelism: 3 });
    expect(array.metadata?.name).toBe("gpufleet-tiny");
    expect(merge.metadata?.name).toBe("gpufleet-tiny-merge");
    for (const job of jobs) {
      const spec = job.spec?.template.spec;
      expect(spec?.restartPolicy).toBe("Never");
      expect(spec?.containers[0]?.image).toBe("registry.example/gpufleet:0.1.0");
      expect(spec?.volumes).toEqual([{ name: "results", persistentVolumeClaim: { claimName: "gpufleet-results" } }]);
      expect(containerOf(job).volumeMounts).toEqual([{ name: "results", mountPath: mount }]);
    }
    expect(containerOf(array).env).toEqual([{ name: "GPUFLEET_SHARD_COUNT", value: "3" }]);
    expect(containerOf(array).args).toEqual(["sweep", sweepFile, "--shard", "auto", "--out", `${mount}/sweep-tiny`, "--workers", "1", "--quiet"]);
    expect(containerOf(merge).args).toEqual(["merge", `${mount}/sweep-tiny`, "--wait", "86400"]);
  });

  it("the schema check is real: a malformed Job is rejected", () => {
    const broken = new Job({ ...(jobs[0]?.toJSON() as ConstructorParameters<typeof Job>[0]) });
    (broken.spec as unknown as Record<string, unknown>).completions = "3";
    expect(() => broken.validate()).toThrow(/completions must be integer/);
  });

  it("its pods, run as the Indexed Job runs them (JOB_COMPLETION_INDEX 0..2), then the merge pod, give the single-machine sweep", () => {
    const mainJs = join(repoRoot, "dist", "cli", "main.js");
    const run = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, [mainJs, ...args], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, CI: "true", ...env } });
    const array = containerOf(jobs[0] as Job);
    const shardEnv = Object.fromEntries((array.env ?? []).map((e) => [e.name, e.value]));
    for (let index = 0; index < 3; index++) {
      const r = run(array.args, { ...shardEnv, JOB_COMPLETION_INDEX: String(index) });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    }
    const merged = run(containerOf(jobs[1] as Job).args, {});
    expect(merged.stderr).toBe("");
    expect(merged.status).toBe(0);
    const local = join(dir, "local");
    expect(runCli(["sweep", sweepFile, "--out", local, "--workers", "2", "--quiet"]).code).toBe(0);
    expectSameSweep(local, `${mount}/sweep-tiny`);
  });
});

describe("gpufleet sweep --emit slurm", () => {
  it("writes a bash script submitting a 0-based job array and an afterok merge job", () => {
    const r = runCli(["sweep", sweepFile, "--emit", "slurm", "--shards", "3", "--out", "results/x", "--cli", "npx gpufleet", "--sbatch=--partition=cpu --time=01:00:00"]);
    expect(r.code).toBe(0);
    const script = r.stdout;
    expect(spawnSync("bash", ["-n"], { input: script }).status).toBe(0);
    expect(script).toContain("--array=0-2");
    expect(script).toContain(`--dependency=afterok:\${array_job} --kill-on-invalid-dep=yes`);
    expect(script).toContain(`npx gpufleet sweep ${sweepFile} --shard auto --out results/x --workers "\${SLURM_CPUS_PER_TASK:-1}" --quiet`);
    expect(script).toContain("npx gpufleet merge results/x");
    expect(script).toContain(`--chdir ${repoRoot} --partition=cpu --time=01:00:00`);
  });

  it("defaults to one task per run", () => {
    expect(runCli(["sweep", sweepFile, "--emit", "slurm"]).stdout).toContain("--array=0-3");
  });
});

describe("bad --emit input: exit 2 and one line", () => {
  it.each([
    [["--emit", "slurm", "--shard", "0/2"], "--shard and --emit"],
    [["--emit", "slurm", "--shards", "0"], "--shards 0"],
    [["--emit", "k8s", "--workers", "1.5"], "--workers 1.5"],
    [["--emit", "pbs"], "pbs"],
  ])("%j", (args, fragment) => {
    const r = runCli(["sweep", sweepFile, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(fragment);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
