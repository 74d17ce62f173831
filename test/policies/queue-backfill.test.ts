import { describe, expect, it } from "vitest";
import { runInMemory, scenarioFrom } from "../helpers.js";

/** Jobs arriving one second apart (constant arrivals) with given GPUs and durations. */
function scripted(gpusPerNode: number, jobs: { gpus: number; durationS: number; priority?: number }[], scheduler: Record<string, string>) {
  return scenarioFrom({
    name: "scripted",
    cluster: { nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode }] },
    workloads: jobs.map((j, i) => ({
      kind: "jobs",
      name: `j${i}`,
      count: 1,
      startS: i,
      arrival: { process: "constant", ratePerS: 1e9 },
      gpus: j.gpus,
      durationS: j.durationS,
      estimate: "exact",
      priority: j.priority ?? 0,
    })),
    scheduler,
  });
}

const startOf = (rows: (string | number)[][], id: string) => Number(rows.find((r) => r[0] === id)?.[5]);

describe("queue policies", () => {
  // j0 occupies the GPU for 10 s; j1 (long), j2 (short, high priority) wait behind it.
  const jobs = [
    { gpus: 1, durationS: 10 },
    { gpus: 1, durationS: 50 },
    { gpus: 1, durationS: 5, priority: 9 },
  ];

  it("fifo starts in submission order", async () => {
    const { jobs: rows } = await runInMemory(scripted(1, jobs, { queue: "fifo" }));
    expect(startOf(rows, "j1-0")).toBeLessThan(startOf(rows, "j2-0"));
  });

  it("sjf starts the shortest expected job first", async () => {
    const { jobs: rows } = await runInMemory(scripted(1, jobs, { queue: "sjf" }));
    expect(startOf(rows, "j2-0")).toBeCloseTo(10, 6);
    expect(startOf(rows, "j1-0")).toBeCloseTo(15, 6);
  });

  it("priority starts the most important job first", async () => {
    const { jobs: rows } = await runInMemory(scripted(1, jobs, { queue: "priority" }));
    expect(startOf(rows, "j2-0")).toBeCloseTo(10, 6);
  });
});

describe("backfill", () => {
  // 4 GPUs. j0 holds 2 for 100 s. j1 needs 4 (blocked until 100). j2 needs 2 for 50 s (ends before
  // the head's reservation: may backfill). j3 needs 2 for 500 s (would delay the head: must wait).
  const jobs = [
    { gpus: 2, durationS: 100 },
    { gpus: 4, durationS: 10 },
    { gpus: 2, durationS: 50 },
    { gpus: 2, durationS: 500 },
  ];

  it("none: everyone waits behind the blocked head", async () => {
    const { jobs: rows } = await runInMemory(scripted(4, jobs, { backfill: "none" }));
    expect(startOf(rows, "j1-0")).toBeCloseTo(100, 6);
    expect(startOf(rows, "j2-0")).toBeCloseTo(110, 6);
  });

  it("easy: a short job backfills; a long one does not delay the head", async () => {
    const { jobs: rows } = await runInMemory(scripted(4, jobs, { backfill: "easy" }));
    expect(startOf(rows, "j2-0")).toBeCloseTo(2, 6);
    expect(startOf(rows, "j1-0")).toBeCloseTo(100, 6);
    expect(startOf(rows, "j3-0")).toBeGreaterThanOrEqual(110);
  });
});

describe("admission", () => {
  it("a job larger than the cluster is rejected and counted, never left waiting", async () => {
    const { summary, jobs: rows } = await runInMemory(scripted(4, [{ gpus: 8, durationS: 1 }, { gpus: 1, durationS: 1 }], {}));
    expect(summary.jobs.rejected).toBe(1);
    expect(summary.jobs.completed).toBe(1);
    expect(rows.find((r) => r[0] === "j0-0")?.[10]).toBe("rejected");
  });
});
