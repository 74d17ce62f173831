import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunSummary, runToDirectory } from "../../src/run/write-run.js";
import { loadScenario } from "../../src/scenario/load.js";
import type { Scenario } from "../../src/scenario/schema.js";

/** Small versions of the example studies (inference, failures, tenants), quick enough for tests. */
export const studies = {
  inference: {
    name: "small-inference",
    seed: 4,
    horizon: { warmupS: 10 },
    cluster: { nodes: [{ count: 1, preset: "dgx-h100" }] },
    workloads: [
      {
        kind: "inference",
        name: "chat",
        model: "llama-3-8b",
        gpu: "H100-SXM",
        replicas: { count: 2, tensorParallel: 1 },
        count: 1500,
        arrival: { process: "poisson", ratePerS: 30 },
        promptTokens: { dist: "lognormal", mean: 800, cv: 1 },
        outputTokens: { dist: "lognormal", mean: 60, cv: 1 },
        slo: { ttftS: 0.2, tpotS: 0.03 },
      },
      {
        kind: "inference",
        name: "big",
        model: "llama-3-70b",
        gpu: "H100-SXM",
        replicas: { count: 1, tensorParallel: 4 },
        count: 100,
        arrival: { process: "poisson", ratePerS: 2 },
        promptTokens: { dist: "lognormal", mean: 500, cv: 1 },
        outputTokens: { dist: "lognormal", mean: 100, cv: 0.7 },
        slo: { ttftS: 2, tpotS: 0.08 },
      },
    ],
    report: { sampleIntervalS: 5 },
  },
  failures: {
    name: "small-failures",
    seed: 9,
    horizon: { durationS: 86400 },
    cluster: { nodes: [{ count: 8, gpu: "H100-SXM", gpusPerNode: 8 }] },
    workloads: [
      {
        kind: "jobs",
        name: "train",
        arrival: { process: "poisson", ratePerS: 0.002 },
        gpus: { dist: "choice", values: [8, 16] },
        durationS: { dist: "lognormal", mean: 7200, cv: 0.5 },
        checkpoint: { intervalS: 1800, durationS: 10 },
      },
    ],
    failures: [
      { target: "gpu", timeToFailureS: { dist: "exponential", mean: 200000 }, repairS: { dist: "lognormal", mean: 7200, cv: 0.5 } },
      { at: 20000, target: "node", id: "rack0-node0", repairS: 3600 },
    ],
    scheduler: { queue: "fifo", placement: "pack" },
    report: { sampleIntervalS: 600 },
  },
  tenants: {
    name: "small-tenants",
    seed: 5,
    horizon: { durationS: 43200, warmupS: 3600 },
    cluster: { nodes: [{ count: 8, preset: "dgx-h100" }] },
    tenants: [
      { name: "research", quotaGpus: 24, borrowing: true },
      { name: "product", quotaGpus: 32, borrowing: false },
    ],
    workloads: [
      {
        kind: "jobs",
        name: "sweeps",
        tenant: "research",
        arrival: { process: "poisson", ratePerS: 0.01 },
        gpus: { dist: "choice", values: [1, 4, 8] },
        durationS: { dist: "lognormal", mean: 3600, cv: 1 },
      },
      {
        kind: "jobs",
        name: "finetune",
        tenant: "product",
        arrival: { process: "poisson", ratePerS: 0.001 },
        gpus: 8,
        durationS: { dist: "lognormal", mean: 7200, cv: 0.5 },
      },
    ],
    scheduler: { queue: "quota", placement: "pack" },
    report: { sampleIntervalS: 600 },
  },
} as const satisfies Record<string, Record<string, unknown>>;

/** A study run: its directory, summary and scenario. */
export interface StudyRun {
  dir: string;
  summary: RunSummary;
  scenario: Scenario;
}

/** Run one scenario document into a fresh temporary directory (with its report unless told not to). */
export async function runStudy(document: Record<string, unknown>, options: { command?: string; report?: boolean } = {}): Promise<StudyRun> {
  const base = mkdtempSync(join(tmpdir(), "gpufleet-study-"));
  const file = join(base, "scenario.json");
  writeFileSync(file, JSON.stringify(document));
  const scenario = loadScenario(file);
  const dir = join(base, "run");
  const summary = await runToDirectory(scenario, file, dir, options);
  return { dir, summary, scenario };
}
