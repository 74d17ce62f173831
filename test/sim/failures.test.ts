import { describe, expect, it } from "vitest";
import { jobColumns } from "../../src/metrics/job-metrics.js";
import { runInMemory, scenarioFrom } from "../helpers.js";

const col = (name: (typeof jobColumns)[number]) => jobColumns.indexOf(name);

/** Two 1-GPU nodes; one job of `durationS` arriving at t = 1. */
function oneJob(durationS: number, extra: Record<string, unknown> = {}, workload: Record<string, unknown> = {}) {
  return scenarioFrom({
    name: "fail",
    cluster: { nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 1 }] },
    workloads: [{ kind: "jobs", name: "j", count: 1, startS: 0, arrival: { process: "constant", ratePerS: 1 }, gpus: 1, durationS, ...workload }],
    ...extra,
  });
}

describe("failures and recovery", () => {
  it("a node failure interrupts the job on it; it restarts on the other node and redoes its work", async () => {
    const { jobs, summary } = await runInMemory(oneJob(500, { failures: [{ at: 101, target: "node", id: "rack0-node0", repairS: 1000 }] }));
    const row = jobs[0]!;
    expect(row[col("restarts")]).toBe(1);
    expect(row[col("status")]).toBe("completed");
    // Started at 1 on node0, lost 100 s at 101, restarted at once on node1 for the full 500 s.
    expect(Number(row[col("endS")])).toBeCloseTo(601, 6);
    expect(summary.failures?.events).toEqual({ node: 1 });
    expect(summary.failures?.interruptions).toBe(1);
    expect(summary.failures?.reexecutedGpuHours).toBeCloseTo(100 / 3600, 9);
  });

  it("checkpoints keep progress: only the work since the last checkpoint is lost", async () => {
    const scenario = oneJob(500, { failures: [{ at: 101, target: "node", id: "rack0-node0", repairS: 1000 }] }, { checkpoint: { intervalS: 30, durationS: 0 }, restartOverheadS: 5 });
    const { jobs } = await runInMemory(scenario);
    // 90 s saved at the failure; the restart pays 5 s, then does the remaining 410 s.
    expect(Number(jobs[0]![col("endS")])).toBeCloseTo(101 + 5 + 410, 6);
  });

  it("goodput counts checkpoint writes and restart overheads as well as re-executed work", async () => {
    const scenario = oneJob(1000, { failures: [{ at: 581, target: "node", id: "rack0-node0", repairS: 10_000 }] }, { checkpoint: { intervalS: 100, durationS: 10 }, restartOverheadS: 20 });
    const { jobs, summary } = await runInMemory(scenario);
    // Attempt 1 (t = 1..581): five 100 s intervals each followed by a 10 s write keep 500 s; 30 s are lost.
    // Attempt 2: 20 s restart, the remaining 500 s with four writes between its intervals (none after the last).
    expect(Number(jobs[0]![col("endS")])).toBeCloseTo(581 + 20 + 500 + 40, 6);
    const f = summary.failures!;
    expect(f.reexecutedGpuHours).toBeCloseTo(30 / 3600, 9);
    expect(f.checkpointGpuHours).toBeCloseTo((50 + 40) / 3600, 9);
    expect(f.restartGpuHours).toBeCloseTo(20 / 3600, 9);
    // 1,140 GPU-seconds allocated for 1,000 of work.
    expect(f.goodput).toBeCloseTo(1000 / 1140, 5);
  });

  it("a restart overhead cut short by another failure is overhead, not lost work", async () => {
    const failures = [
      { at: 101, target: "gpu", id: "0", repairS: 10_000 },
      { at: 111, target: "gpu", id: "1", repairS: 5 },
    ];
    const { summary } = await runInMemory(oneJob(500, { failures }, { restartOverheadS: 20 }));
    const f = summary.failures!;
    // 100 s lost at 101; the restart on GPU 1 is 10 s into its 20 s overhead at 111; GPU 1 is back at 116 and the job redoes all 500 s.
    expect(f.reexecutedGpuHours).toBeCloseTo(100 / 3600, 9);
    expect(f.restartGpuHours).toBeCloseTo((10 + 20) / 3600, 9);
    expect(f.checkpointGpuHours).toBe(0);
  });

  it("a job interrupted more than maxRestarts times fails", async () => {
    const failures = [101, 201, 301].map((at, i) => ({ at, target: "gpu", id: String(i % 2), repairS: 1 }));
    const { jobs, summary } = await runInMemory(oneJob(1000, { failures, recovery: { maxRestarts: 2 } }));
    expect(jobs[0]![col("status")]).toBe("failed");
    expect(summary.jobs.failed).toBe(1);
  });

  it("availability follows MTBF / (MTBF + MTTR) (alternating renewal process)", async () => {
    const scenario = scenarioFrom({
      name: "avail",
      horizon: { durationS: 4e6 },
      cluster: { nodes: [{ count: 64, gpu: "H100-SXM", gpusPerNode: 8 }] },
      workloads: [{ kind: "jobs", name: "idle", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 1, durationS: 1 }],
      failures: [{ target: "gpu", timeToFailureS: { dist: "exponential", mean: 50_000 }, repairS: { dist: "exponential", mean: 5_000 } }],
    });
    const { summary } = await runInMemory(scenario);
    const expected = 50_000 / 55_000;
    expect(Math.abs((summary.failures?.availability ?? 0) - expected)).toBeLessThan(0.005);
    expect(Math.abs((summary.failures?.meanTimeToRecoveryS ?? 0) - 5_000) / 5_000).toBeLessThan(0.05);
  });

  it("one repair crew makes failed components wait: recovery takes longer than the repair itself", async () => {
    const base = {
      name: "crews",
      horizon: { durationS: 2e6 },
      cluster: { nodes: [{ count: 16, gpu: "H100-SXM", gpusPerNode: 8 }] },
      workloads: [{ kind: "jobs", name: "idle", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 1, durationS: 1 }],
      failures: [{ target: "node", timeToFailureS: { dist: "exponential", mean: 20_000 }, repairS: { dist: "constant", value: 3_000 } }],
    };
    const unlimited = await runInMemory(scenarioFrom(base));
    const oneCrew = await runInMemory(scenarioFrom({ ...base, recovery: { repairCrews: 1 } }));
    expect(unlimited.summary.failures?.meanTimeToRecoveryS).toBeCloseTo(3_000, 6);
    expect(oneCrew.summary.failures?.meanTimeToRecoveryS ?? 0).toBeGreaterThan(4_000);
    expect(oneCrew.summary.failures?.availability ?? 1).toBeLessThan(unlimited.summary.failures?.availability ?? 0);
  });

  it("failures draw from their own streams: job arrivals and sizes are unchanged", async () => {
    const doc = {
      name: "streams",
      cluster: { nodes: [{ count: 4, gpu: "H100-SXM", gpusPerNode: 8 }] },
      workloads: [{ kind: "jobs", name: "w", count: 300, arrival: { process: "poisson", ratePerS: 0.05 }, gpus: { dist: "choice", values: [1, 2, 4] }, durationS: { dist: "exponential", mean: 100 } }],
    };
    const calm = await runInMemory(scenarioFrom(doc));
    const stormy = await runInMemory(scenarioFrom({ ...doc, failures: [{ target: "gpu", timeToFailureS: { dist: "exponential", mean: 3000 }, repairS: 300 }] }));
    const key = (rows: (string | number)[][]) => rows.map((r) => `${r[0]} ${r[col("gpus")]} ${r[col("submitS")]}`).sort();
    expect(key(stormy.jobs)).toEqual(key(calm.jobs));
    expect(stormy.summary.failures?.interruptions ?? 0).toBeGreaterThan(0);
    expect(stormy.summary.jobs.completed + stormy.summary.jobs.failed).toBe(300);
  });

  it("a rack failure takes every node of the rack", async () => {
    const scenario = scenarioFrom({
      name: "rack",
      cluster: { topology: { regions: [{ name: "dc", racks: [{ name: "r", count: 2, nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 8 }] }] }] } },
      workloads: [{ kind: "jobs", name: "w", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 32, durationS: 100 }],
      failures: [{ at: 10, target: "rack", id: "r0", repairS: 50 }],
      report: { sampleIntervalS: 5 },
    });
    const { jobs, timeseries } = await runInMemory(scenario);
    const failedAt = timeseries.find((r) => Number(r[0]) === 15);
    expect(Number(failedAt?.[3])).toBe(16);
    // The 32-GPU job needs the whole cluster: it waits for the repair at 60 and reruns.
    expect(Number(jobs[0]![col("endS")])).toBeCloseTo(160, 6);
  });

  it("an unknown component id in a scripted failure is bad input naming the field", async () => {
    await expect(runInMemory(oneJob(10, { failures: [{ at: 1, target: "node", id: "rack9-node9", repairS: 1 }] }))).rejects.toThrow(/failures\.0\.id: no node "rack9-node9"/);
  });
});

describe("failures of the network and slow GPUs", () => {
  /** One 16-GPU training job spread over two racks (4:1 uplinks), with the given failures. */
  function spreadJob(failures: unknown[]) {
    return scenarioFrom({
      name: "net",
      cluster: { topology: { regions: [{ name: "dc", racks: [{ name: "rack", count: 2, nodes: [{ count: 2, preset: "dgx-h100" }] }] }], fabric: { oversubscription: 4 } } },
      workloads: [{ kind: "jobs", name: "t", count: 1, arrival: { process: "constant", ratePerS: 1e9 }, gpus: 16, work: { model: "llama-3-8b", iterations: 100, tokensPerIteration: 2.56e5, memory: { zeroStage: 1 } } }],
      scheduler: { placement: "spread" },
      failures,
    });
  }
  const runS = (rows: (string | number)[][]) => Number(rows[0]![col("endS")]) - Number(rows[0]![col("startS")]);

  it("a degraded uplink slows a job whose all-reduce crosses it", async () => {
    const healthy = runS((await runInMemory(spreadJob([]))).jobs);
    const degraded = runS((await runInMemory(spreadJob([{ at: 0, target: "link", id: "rack0/uplink/up", repairS: 1e9, degradeTo: 0.25 }]))).jobs);
    expect(degraded).toBeGreaterThan(healthy * 1.05);
  });

  it("a dead uplink (default degradeTo 0) while the job starts its all-reduce: the job waits for the repair, no crash", async () => {
    const healthy = await runInMemory(spreadJob([]));
    const startS = Number(healthy.jobs[0]![col("startS")]);
    const ends: number[] = [];
    // Down before the job is placed (its ring is built on the dead link), and just after it started.
    for (const downS of [0, startS + 1e-3]) {
      const repairS = 50;
      const { jobs, summary } = await runInMemory(spreadJob([{ at: downS, target: "link", id: "rack0/uplink/up", repairS }]));
      expect(jobs[0]![col("status")]).toBe("completed");
      expect(summary.failures?.events).toEqual({ link: 1 });
      const endS = Number(jobs[0]![col("endS")]);
      expect(endS).toBeGreaterThan(downS + repairS);
      ends.push(endS - (downS + repairS));
    }
    // Stalled flows resume at full speed on repair: what is left after it does not depend on when the link died.
    expect(ends[0]).toBeCloseTo(ends[1] as number, 6);
    expect(ends[0]).toBeLessThan(runS(healthy.jobs));
  });

  it("a stochastic leaf-uplink failure process (mean 2 s, repair 5 s) runs to the end", async () => {
    const process = { target: "link", linkClass: "leaf-uplink", timeToFailureS: { dist: "exponential", mean: 2 }, repairS: 5 };
    const { jobs, summary } = await runInMemory(spreadJob([process]));
    expect(jobs[0]![col("status")]).toBe("completed");
    expect(summary.failures?.events.link).toBeGreaterThan(10);
    expect(runS(jobs)).toBeGreaterThan(runS((await runInMemory(spreadJob([]))).jobs));
  });

  it("a straggling GPU slows the synchronous job that uses it", async () => {
    const healthy = runS((await runInMemory(spreadJob([]))).jobs);
    const straggling = await runInMemory(spreadJob([{ target: "straggler", timeToFailureS: 0.001, durationS: 1e9, slowdown: 2 }]));
    expect(runS(straggling.jobs)).toBeGreaterThan(healthy * 1.5);
    expect(straggling.summary.failures?.events.straggler).toBeGreaterThan(0);
  });
});
