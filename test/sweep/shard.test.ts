import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../src/messages.js";
import { parseShard, runInShard, shardFromEnv } from "../../src/sweep/shard.js";
import { sweepRuns } from "../../src/sweep/sweep-runs.js";

function errorOf(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error("expected a ScenarioError");
}

describe("--shard I/N counts from 0", () => {
  it("accepts 0 <= I < N", () => {
    expect(parseShard("0/4")).toEqual({ index: 0, count: 4 });
    expect(parseShard(" 3/4 ")).toEqual({ index: 3, count: 4 });
    expect(parseShard("0/1")).toEqual({ index: 0, count: 1 });
  });

  it("the old 1-based N/N is a clear error saying indices count from 0", () => {
    const e = errorOf(() => parseShard("4/4"));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("count from 0");
    expect(e.message).toContain("3/4");
    expect(e.message).not.toContain("\n");
  });

  it.each(["5/4", "0/0", "a/b", "1", "-1/4", "1/4/2", "auto/4"])("rejects %s", (text) => {
    const e = errorOf(() => parseShard(text));
    expect(e.message).toContain(`--shard ${text}`);
    expect(e.message).toContain("0 <= I < N");
  });
});

describe("--shard auto", () => {
  it("reads a Slurm array task from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT", () => {
    expect(parseShard("auto", { SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 2, count: 4 });
  });

  it("or from SLURM_ARRAY_TASK_MIN/MAX (and STEP) when there is no count", () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: "12", SLURM_ARRAY_TASK_MIN: "10", SLURM_ARRAY_TASK_MAX: "13" })).toEqual({ index: 2, count: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: "6", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "14", SLURM_ARRAY_TASK_STEP: "2" })).toEqual({ index: 3, count: 8 });
  });

  it("reads a Kubernetes Indexed Job from JOB_COMPLETION_INDEX and GPUFLEET_SHARD_COUNT", () => {
    expect(parseShard("auto", { JOB_COMPLETION_INDEX: "0", GPUFLEET_SHARD_COUNT: "3" })).toEqual({ index: 0, count: 3 });
  });

  it.each([
    [{}, "neither SLURM_ARRAY_TASK_ID"],
    [{ SLURM_ARRAY_TASK_ID: "1" }, "SLURM_ARRAY_TASK_COUNT"],
    [{ SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_COUNT: "4" }, "outside the 4 shards"],
    [{ SLURM_ARRAY_TASK_ID: "x", SLURM_ARRAY_TASK_COUNT: "4" }, 'SLURM_ARRAY_TASK_ID="x"'],
    [{ JOB_COMPLETION_INDEX: "1" }, "GPUFLEET_SHARD_COUNT"],
    [{ JOB_COMPLETION_INDEX: "3", GPUFLEET_SHARD_COUNT: "3" }, "outside the 3 shards"],
  ] as [Record<string, string>, string][])("%j is a one-line error", (env, fragment) => {
    const e = errorOf(() => parseShard("auto", env));
    expect(e.message).toContain(fragment);
    expect(e.message).not.toContain("\n");
  });
});

describe("shards partition the runs", () => {
  it("every run is in exactly one shard, and shards differ by at most one run", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 50 }), (cellCount, seedCount, count) => {
        const cells = Array.from({ length: cellCount }, (_, index) => ({ index, id: `c${index}` }));
        const runs = sweepRuns({ cells, seeds: Array.from({ length: seedCount }, (_, i) => 7 + i) });
        const sizes = Array.from({ length: count }, (_, index) => runs.filter((r) => runInShard(r.ordinal, { index, count })).length);
        for (const run of runs) expect(Array.from({ length: count }, (_, index) => runInShard(run.ordinal, { index, count })).filter(Boolean)).toHaveLength(1);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(runs.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("8 shards over 5 cells x 2 seeds leave none idle (sharding by run, not by cell)", () => {
    const runs = sweepRuns({ cells: [0, 1, 2, 3, 4].map((index) => ({ index, id: `c${index}` })), seeds: [1, 2] });
    const busy = [...Array(8).keys()].filter((index) => runs.some((r) => runInShard(r.ordinal, { index, count: 8 })));
    expect(busy).toHaveLength(8);
  });

  it("the assignment depends only on run ids, not on the order cells are listed", () => {
    const cells = [2, 0, 1].map((index) => ({ index, id: `c${index}` }));
    expect(sweepRuns({ cells, seeds: [5, 6] }).map((r) => `${r.ordinal}:${r.id}`)).toEqual(["0:c0/seed5", "1:c0/seed6", "2:c1/seed5", "3:c1/seed6", "4:c2/seed5", "5:c2/seed6"]);
  });
});
