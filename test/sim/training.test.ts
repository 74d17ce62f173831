import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/load.js";
import { jobColumns } from "../../src/metrics/job-metrics.js";
import { gpuCatalog } from "../../src/model/gpus.js";
import { ringAllReduceTimeS } from "../../src/model/network/collective-formulas.js";
import { busBwEfficiency, nodePresets } from "../../src/model/node-presets.js";
import type { JobsWorkload } from "../../src/scenario/schema.js";
import { resolvePolicies } from "../../src/sim/policies.js";
import { simulate } from "../../src/sim/simulate.js";
import { MemorySink, repoRoot, runInMemory, scenarioFrom } from "../helpers.js";

const PARAMETERS = 8.03e9; // llama-3-8b
const TOKENS = 2.56e5;

/** Two racks of `nodesPerRack` DGX H100 nodes behind `oversubscription`:1 leaf uplinks; `jobs` 16-GPU jobs arriving at t = 0. */
function twoRacks(placement: string, jobs: number, iterations = 100, oversubscription = 4, gpus = 16) {
  return scenarioFrom({
    name: "train",
    cluster: {
      topology: {
        regions: [{ name: "dc", racks: [{ name: "rack", count: 2, nodes: [{ count: 2, preset: "dgx-h100" }] }] }],
        fabric: { oversubscription },
      },
    },
    workloads: Array.from({ length: jobs }, (_, i) => ({
      kind: "jobs",
      name: `job${i}`,
      count: 1,
      arrival: { process: "constant", ratePerS: 1e9 },
      gpus,
      work: { model: "llama-3-8b", iterations, tokensPerIteration: TOKENS, memory: { zeroStage: 1 } },
    })),
    scheduler: { placement },
  });
}

const REASON = jobColumns.indexOf("reason");
const runS = (row: (string | number)[]) => Number(row[6]) - Number(row[5]);

describe("model-driven training jobs", () => {
  it("one node: run time = iterations x (compute + ring all-reduce formula)", async () => {
    const { jobs } = await runInMemory(twoRacks("pack", 1, 100, 1, 8));
    const preset = nodePresets["dgx-h100"];
    const gradientBytes = 2 * PARAMETERS;
    const computeS = (6 * PARAMETERS * TOKENS) / (8 * gpuCatalog["H100-SXM"].peakFlopsPerS.bf16 * 0.45);
    const efficiency = busBwEfficiency(preset.collective, gradientBytes);
    const allReduceS = ringAllReduceTimeS(8, gradientBytes, preset.collective.alphaS, preset.nvlinkBytesPerS / 2, efficiency);
    const expected = 100 * (computeS + allReduceS);
    expect(Math.abs(runS(jobs[0]!) - expected) / expected).toBeLessThan(0.005);
  });

  it("the same job runs slower spread across racks behind an oversubscribed spine", async () => {
    const packed = await runInMemory(twoRacks("pack", 1));
    const spread = await runInMemory(twoRacks("spread", 1));
    expect(runS(spread.jobs[0]!)).toBeGreaterThan(runS(packed.jobs[0]!) * 1.05);
    expect(spread.summary.gpus.busyFraction).toBeLessThan(packed.summary.gpus.busyFraction);
    // And the uplinks carried the traffic only when spread.
    expect(spread.summary.network?.["leaf-uplink"]?.bytesMoved ?? 0).toBeGreaterThan(0);
    expect(packed.summary.network?.["leaf-uplink"]?.bytesMoved ?? 0).toBe(0);
  });

  it("the spread job's extra time comes from the oversubscription: a non-blocking fabric recovers most of it", async () => {
    const packed = runS((await runInMemory(twoRacks("pack", 1, 100, 1))).jobs[0]!);
    const spreadNonBlocking = runS((await runInMemory(twoRacks("spread", 1, 100, 1))).jobs[0]!);
    const spreadOversubscribed = runS((await runInMemory(twoRacks("spread", 1, 100, 4))).jobs[0]!);
    expect(spreadOversubscribed).toBeGreaterThan(spreadNonBlocking * 1.05);
    // What remains (4 GPUs per node use 4 of the 8 NICs) is smaller than the spine's share.
    expect(spreadNonBlocking - packed).toBeLessThan(spreadOversubscribed - spreadNonBlocking);
  });

  it("two jobs sharing uplinks slow each other down", async () => {
    // 8-GPU jobs spread over both racks: alone vs. two at once on the same uplinks.
    const alone = await runInMemory(twoRacks("spread", 1, 100, 4, 8));
    const together = await runInMemory(twoRacks("spread", 2, 100, 4, 8));
    const aloneS = runS(alone.jobs[0]!);
    for (const row of together.jobs) expect(runS(row)).toBeGreaterThan(aloneS * 1.02);
  });

  it("a job whose per-GPU memory fits no GPU is rejected with the reason", async () => {
    const scenario = twoRacks("pack", 1);
    const work = (scenario.workloads[0] as JobsWorkload).work!;
    work.model = "llama-3-70b";
    work.memory.zeroStage = 0;
    const { jobs, summary } = await runInMemory(scenario);
    expect(jobs[0]![jobColumns.indexOf("status")]).toBe("rejected");
    expect(String(jobs[0]![REASON])).toMatch(/^memory: needs \d+\.\d GiB per GPU, the largest allowed GPU has 80\.0 GiB$/);
    expect(summary.jobs.rejectedBy).toEqual({ memory: 1 });
  });

  it("a GPU count that does not fit the parallel layout is rejected with the reason", async () => {
    const scenario = twoRacks("pack", 1, 100, 4, 12);
    (scenario.workloads[0] as JobsWorkload).work!.parallelism.tensor = 8;
    const { jobs } = await runInMemory(scenario);
    expect(jobs[0]![REASON]).toBe("layout: 12 GPUs is not a multiple of tensor x pipeline = 8");
  });

  it("tensor parallelism inside a node adds NVLink traffic but no fabric traffic", async () => {
    const scenario = twoRacks("pack", 1, 50, 4, 16);
    (scenario.workloads[0] as JobsWorkload).work!.parallelism.tensor = 8;
    const { summary } = await runInMemory(scenario);
    expect(summary.network?.nvlink?.bytesMoved ?? 0).toBeGreaterThan(0);
    expect(summary.network?.["leaf-uplink"]?.bytesMoved ?? 0).toBe(0);
  });
});

describe("memory-aware placement", () => {
  it("a job that fits only the larger GPUs of a mixed cluster is placed on them", async () => {
    const scenario = scenarioFrom({
      name: "mixed",
      cluster: { nodes: [{ count: 2, gpu: "L4", gpusPerNode: 8 }, { count: 1, gpu: "A100-80G", gpusPerNode: 8 }] },
      workloads: [{ kind: "jobs", name: "t", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 8, work: { model: "llama-3-8b", iterations: 10, tokensPerIteration: 65536, memory: { zeroStage: 1 } } }],
      tenants: [{ name: "default" }],
    });
    const policies = await resolvePolicies(scenario, "t.yaml", ".");
    const audit = new MemorySink();
    simulate(scenario, policies, { jobs: new MemorySink(), timeseries: new MemorySink(), audit });
    expect(audit.rows.length).toBe(1);
    expect(audit.rows[0]![5]).toBe("rack0-node2");
  });
});

describe("calibrated training compute", () => {
  it("a calibration profile replaces peak x MFU with the measured GEMM rate", async () => {
    const profile = join(repoRoot, "calibration", "cpu-lavapipe.json");
    const base = {
      name: "cal",
      cluster: { nodes: [{ count: 1, preset: "dgx-h100" }] },
      workloads: [{ kind: "jobs", name: "t", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 1, work: { iterations: 10, flopsPerIteration: 1e12, allreduceBytes: 0 } }],
    };
    const peak = await runInMemory(scenarioFrom(base));
    const measured = await runInMemory(scenarioFrom({ ...base, workloads: [{ ...base.workloads[0], work: { ...base.workloads[0]!.work, calibration: profile } }] }));
    const runS = (rows: (string | number)[][]) => Number(rows[0]![jobColumns.indexOf("endS")]) - Number(rows[0]![jobColumns.indexOf("startS")]);
    // 1e13 FLOPs: seconds at H100 peak x 0.45, an hour or more at a CPU Vulkan driver's GFLOP/s.
    expect(runS(peak.jobs)).toBeCloseTo(10 * (1e12 / (989e12 * 0.45)), 6);
    expect(runS(measured.jobs)).toBeGreaterThan(1000);
  });

  it("a missing calibration profile is bad input naming the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-cal-"));
    const file = join(dir, "s.yaml");
    writeFileSync(file, "cluster: { nodes: [{ count: 1, preset: dgx-h100 }] }\nworkloads: [{ kind: jobs, name: t, count: 1, arrival: { process: constant, ratePerS: 1 }, gpus: 1, work: { iterations: 1, flopsPerIteration: 1, allreduceBytes: 0, calibration: nope.json } }]\n");
    expect(() => loadScenario(file)).toThrow(/workloads\.0\.work\.calibration: calibration profile ".*nope\.json" not found/);
  });
});

describe("HBM occupancy", () => {
  it("fixed-duration jobs occupy their GPUs' whole HBM; training jobs their modelled footprint", async () => {
    const cluster = { nodes: [{ count: 2, preset: "dgx-h100" }] };
    const fixed = await runInMemory(
      scenarioFrom({ name: "m", cluster, workloads: [{ kind: "jobs", name: "d", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 8, durationS: 100 }] }),
    );
    expect(fixed.summary.gpus.memoryFraction).toBeCloseTo(fixed.summary.gpus.allocatedFraction, 6);
    const trained = await runInMemory(
      scenarioFrom({ name: "m", cluster, workloads: [{ kind: "jobs", name: "t", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 8, work: { model: "llama-3-8b", iterations: 20, tokensPerIteration: 65536, memory: { zeroStage: 1 } } }] }),
    );
    const { memoryFraction, allocatedFraction } = trained.summary.gpus;
    expect(memoryFraction).toBeGreaterThan(0);
    expect(memoryFraction).toBeLessThan(allocatedFraction);
  });
});
