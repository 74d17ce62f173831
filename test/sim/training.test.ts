import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/load.js";
import { jobColumns } from "../../src/metrics/job-metrics.js";
import { gpuCatalog } from "../../src/model/gpus.js";
import { ringAllReduceTimeS } from "../../src/model/network/collective-formulas.js";
import { busBwEfficiency, nodePresets } from "../../src/model/node-presets.js";
import type { JobsWorkload } from "../../src/scenario/schema.js";
import { resolvePolicies } from "../../src/run/resolve-policies.js";
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
  it("a profile prices its own GPU type with what it measured; transferred, only its efficiency curves move", async () => {
    const lavapipe = JSON.parse(readFileSync(join(repoRoot, "calibration", "cpu-lavapipe.json"), "utf8")) as Record<string, unknown>;
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-cal-"));
    const asH100 = join(dir, "as-h100.json");
    writeFileSync(asH100, JSON.stringify({ ...lavapipe, device: { gpu: "H100-SXM", source: "option", rule: "--as" } }));
    const job = (work: Record<string, unknown>) => ({
      name: "cal",
      cluster: { nodes: [{ count: 1, preset: "dgx-h100" }] },
      workloads: [{ kind: "jobs", name: "t", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 1, work: { iterations: 10, flopsPerIteration: 1e12, allreduceBytes: 0, ...work } }],
    });
    const peak = await runInMemory(scenarioFrom(job({})));
    const transferred = await runInMemory(scenarioFrom(job({ calibration: join(repoRoot, "calibration", "cpu-lavapipe.json"), transfer: "efficiency" })));
    const measured = await runInMemory(scenarioFrom(job({ calibration: asH100 })));
    const runS = (rows: (string | number)[][]) => Number(rows[0]![jobColumns.indexOf("endS")]) - Number(rows[0]![jobColumns.indexOf("startS")]);
    const peakS = 10 * (1e12 / (989e12 * 0.45));
    expect(runS(peak.jobs)).toBeCloseTo(peakS, 6);
    // Transferred onto the H100: a 4096-cube GEMM stays compute-bound, so the catalog's peak x MFU sets the pace.
    expect(runS(transferred.jobs) / peakS).toBeCloseTo(1, 4);
    // Measured on "this H100": the GEMM roof at its measured bandwidth (0.57 GB/s) is far below the tensor peak.
    expect(runS(measured.jobs)).toBeGreaterThan(100 * peakS);
  });

  it("a missing calibration profile is bad input naming the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-cal-"));
    const file = join(dir, "s.yaml");
    writeFileSync(file, "cluster: { nodes: [{ count: 1, preset: dgx-h100 }] }\nworkloads: [{ kind: jobs, name: t, count: 1, arrival: { process: constant, ratePerS: 1 }, gpus: 1, work: { iterations: 1, flopsPerIteration: 1, allreduceBytes: 0, calibration: nope.json } }]\n");
    expect(() => loadScenario(file)).toThrow(/workloads\.0\.work\.calibration: calibration profile ".*nope\.json" not found/);
  });
});

describe("latency per iteration", () => {
  /** One DGX H100 in each of two regions joined by a WAN link of `wanLatencyS`; one 16-GPU data-parallel job. */
  const acrossRegions = (wanLatencyS: number, iterations: number) =>
    scenarioFrom({
      name: "wan",
      cluster: {
        topology: {
          regions: [
            { name: "east", racks: [{ name: "e", nodes: [{ count: 1, preset: "dgx-h100" }] }] },
            { name: "west", racks: [{ name: "w", nodes: [{ count: 1, preset: "dgx-h100" }] }] },
          ],
          wan: [{ a: "east", b: "west", latencyS: wanLatencyS, bytesPerS: 400e9 }],
        },
      },
      workloads: [{ kind: "jobs", name: "t", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 16, work: { model: "llama-3-8b", iterations, tokensPerIteration: TOKENS, memory: { zeroStage: 1 } } }],
    });

  it("a job of 1,000 iterations (4 per simulated step) pays the WAN latency 1,000 times", async () => {
    const iterations = 1000;
    const near = await runInMemory(acrossRegions(0.03, iterations));
    const far = await runInMemory(acrossRegions(2, iterations));
    // Every iteration's all-reduce crosses the WAN once on its slowest edge: 1,000 x 1.97 s more.
    expect(runS(far.jobs[0]!) - runS(near.jobs[0]!)).toBeCloseTo(iterations * (2 - 0.03), 3);
  });

  it("run time is iterations x (compute + the ring formula with its α and path latency), whatever the step size", async () => {
    const perIteration = async (iterations: number) => runS((await runInMemory(acrossRegions(0.5, iterations))).jobs[0]!) / iterations;
    // 200 iterations take one simulated step each, 2,560 take ten each: the same time per iteration.
    const single = await perIteration(200);
    const grouped = await perIteration(2560);
    expect(grouped / single).toBeCloseTo(1, 6);
    expect(single).toBeGreaterThan(0.5);
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
  it("checkpoint writes of a training job are counted in the failures block and lower goodput by exactly their time", async () => {
    const withWork = (work: Record<string, unknown>) => {
      const scenario = twoRacks("pack", 1, 200, 1, 8);
      const job = scenario.workloads[0] as JobsWorkload;
      // A failure the job never meets (another rack), so the failures block is present.
      return { ...scenario, workloads: [{ ...job, work: { ...job.work, ...work } }], failures: [{ at: 1, target: "node", id: "rack1-node1", repairS: 1 }] } as typeof scenario;
    };
    const plain = await runInMemory(withWork({}));
    const checkpointed = await runInMemory(withWork({ checkpointIntervalS: 5, checkpointBytes: 5e9 }));
    // 5e9 bytes at the default 5e9 bytes/s: 1 s a write; the job runs longer by exactly its writes.
    const extraS = runS(checkpointed.jobs[0]!) - runS(plain.jobs[0]!);
    expect(extraS).toBeGreaterThan(0);
    expect(Math.round(extraS)).toBeCloseTo(extraS, 6);
    const f = checkpointed.summary.failures!;
    expect(f.checkpointGpuHours).toBeCloseTo((extraS * 8) / 3600, 6);
    expect(plain.summary.failures!.checkpointGpuHours).toBe(0);
    expect(plain.summary.failures!.goodput).toBe(1);
    expect(f.goodput as number).toBeCloseTo(1 - f.checkpointGpuHours / checkpointed.summary.cost.allocatedGpuHours, 5);
  });
});
