import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { Cluster } from "../../src/model/cluster.js";
import { bestFit } from "../../src/policies/placement/best-fit.js";
import type { JobView, Placement } from "../../src/policies/types.js";
import { runToDirectory } from "../../src/run/write-run.js";
import { runInMemory, scenarioFrom } from "../helpers.js";

/** Column index of jobs.csv rows by name. */
const col = { id: 0, startS: 5, endS: 6, waitS: 7, jctS: 8, slowdown: 9, status: 10, restarts: 11, firstWaitS: 13 };

describe("scheduler regressions (issue 12)", () => {
  it("busy GPUs count GPU shares: two 500-milli jobs on one GPU keep the busy fraction within 1", async () => {
    const { summary, timeseries } = await runInMemory(
      scenarioFrom({
        name: "shares",
        seed: 1,
        cluster: { nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 1 }] },
        workloads: [{ kind: "jobs", name: "half", count: 400, arrival: { process: "poisson", ratePerS: 5 }, gpus: 1, gpuMilli: 500, durationS: 1 }],
        scheduler: { queue: "fifo", placement: "best-fit", backfill: "none" },
        report: { sampleIntervalS: 0.5 },
      }),
    );
    expect(summary.gpus.busyFraction).toBeLessThanOrEqual(1);
    expect(summary.gpus.busyFraction).toBeGreaterThan(0.5);
    expect(Math.max(...timeseries.map((r) => r[2] as number))).toBeLessThanOrEqual(2);
  });

  it("wait counts the time a job spends requeued after a failure; first-start wait has its own column; slowdown is JCT over GPU-holding time", async () => {
    const { jobs } = await runInMemory(
      scenarioFrom({
        name: "requeued",
        seed: 1,
        cluster: { nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 1 }] },
        workloads: [{ kind: "jobs", name: "long", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 1, durationS: 3000 }],
        failures: [{ at: 1500, target: "node", id: "rack0-node0", repairS: 1500 }],
      }),
    );
    const row = jobs[0] as (string | number)[];
    // Arrives at 1, runs 1-1500, waits for the repair 1500-3000, runs its 3000 s again: ends at 6000.
    expect(row[col.status]).toBe("completed");
    expect(row[col.restarts]).toBe(1);
    expect(row[col.firstWaitS]).toBe(0);
    expect(row[col.waitS]).toBeCloseTo(1500, 6);
    expect(row[col.jctS]).toBeCloseTo(5999, 6);
    expect(row[col.slowdown]).toBeCloseTo(5999 / 4499, 5);
  });

  it("preemption: reclaim works under fifo: a tenant within its quota takes borrowed GPUs back instead of waiting", async () => {
    const document = (preemption: string) => ({
      name: "reclaim-fifo",
      seed: 1,
      cluster: { nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 8 }] },
      tenants: [
        { name: "a", quotaGpus: 4 },
        { name: "b", quotaGpus: 4 },
      ],
      workloads: [
        { kind: "jobs", name: "borrower", tenant: "b", count: 8, arrival: { process: "constant", ratePerS: 10 }, gpus: 1, durationS: 10_000 },
        { kind: "jobs", name: "owner", tenant: "a", count: 1, startS: 99, arrival: { process: "constant", ratePerS: 1 }, gpus: 4, durationS: 100 },
      ],
      scheduler: { queue: "fifo", placement: "best-fit", backfill: "none", preemption },
    });
    const owner = (rows: (string | number)[][]) => rows.find((r) => String(r[col.id]).startsWith("owner")) as (string | number)[];
    const without = owner((await runInMemory(scenarioFrom(document("none")))).jobs);
    const withReclaim = owner((await runInMemory(scenarioFrom(document("reclaim")))).jobs);
    expect(without[col.waitS] as number).toBeGreaterThan(9_000);
    expect(withReclaim[col.waitS]).toBe(0);
  });

  it("jobs requeued to the front restart in the order they were interrupted, not reversed", async () => {
    const { jobs } = await runInMemory(
      scenarioFrom({
        name: "front-order",
        seed: 1,
        cluster: { nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 1 }] },
        workloads: [{ kind: "jobs", name: "j", count: 4, arrival: { process: "constant", ratePerS: 100 }, gpus: 1, durationS: 1000 }],
        failures: [
          { at: 100, target: "node", id: "rack0-node0", repairS: 100 },
          { at: 100, target: "node", id: "rack0-node1", repairS: 300 },
        ],
        recovery: { requeue: "front" },
      }),
    );
    const restartOf = (id: string) => (jobs.find((r) => r[col.id] === id) as (string | number)[])[col.endS] as number;
    // j-0 (interrupted first) restarts on the first repaired node at 200; j-1 only at 400.
    expect(restartOf("j-0")).toBeCloseTo(1200, 6);
    expect(restartOf("j-1")).toBeCloseTo(1400, 6);
  });

  it("a run without a horizon and one job of 1e12 s ends quickly: the sampler parks over the quiet stretch and resumes at the end", async () => {
    const { summary, timeseries } = await runInMemory(
      scenarioFrom({
        name: "forever",
        cluster: { nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 1 }] },
        workloads: [{ kind: "jobs", name: "forever", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 1, durationS: 1e12 }],
        report: { sampleIntervalS: 1e4 },
      }),
    );
    expect(summary.jobs.completed).toBe(1);
    expect(summary.events).toBeLessThan(20_000);
    expect(Math.abs((timeseries.at(-1)?.[0] as number) - summary.simulatedS)).toBeLessThan(1);
  });

  it("best-fit places a gang on a node with 200,000 GPUs (no call-stack overflow)", () => {
    const cluster = new Cluster([{ count: 1, gpu: "H100-SXM", gpusPerNode: 200_000 }]);
    const job: JobView = { index: 0, id: "huge", workload: "w", tenant: "t", priority: 0, submitS: 0, estimateS: 1, gpus: 150_000, gpuMilli: 1000, gpuType: undefined, cpuMilli: 0, memoryMiB: 0 };
    const placed = bestFit.place(job, cluster, new RngStreams(1).stream("placement")) as Placement;
    expect(placed.gpus.length).toBe(150_000);
  });

  it("report.rows.jobs: none writes no jobs.csv and leaves the summary unchanged", async () => {
    const base = {
      name: "rows",
      seed: 4,
      cluster: { nodes: [{ count: 4, gpu: "H100-SXM", gpusPerNode: 8 }] },
      workloads: [{ kind: "jobs", name: "w", count: 500, arrival: { process: "poisson", ratePerS: 0.05 }, gpus: { dist: "choice", values: [1, 2, 8] }, durationS: { dist: "lognormal", mean: 600, cv: 1 } }],
      scheduler: { queue: "fifo", placement: "best-fit", backfill: "easy" },
    };
    const root = mkdtempSync(join(tmpdir(), "gpufleet-rows-"));
    try {
      const all = await runToDirectory(scenarioFrom(base), join(root, "s.yaml"), join(root, "all"), { report: false });
      const none = await runToDirectory(scenarioFrom({ ...base, report: { rows: { jobs: "none" } } }), join(root, "s.yaml"), join(root, "none"), { report: false });
      expect(readdirSync(join(root, "all"))).toContain("jobs.csv");
      expect(readdirSync(join(root, "none"))).not.toContain("jobs.csv");
      expect(none.jobs).toEqual(all.jobs);
      expect(readFileSync(join(root, "none", "timeseries.csv"), "utf8")).toBe(readFileSync(join(root, "all", "timeseries.csv"), "utf8"));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
