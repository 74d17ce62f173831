import { describe, expect, it } from "vitest";
import { cellId, expandGrid, pointLabel, pointOverrides } from "../../src/sweep/grid.js";
import { sweepAxes, sweepSchema } from "../../src/sweep/sweep-schema.js";

const axes = sweepAxes(
  sweepSchema.parse({
    scenario: "base.yaml",
    grid: { "workloads.0.arrival.ratePerS": [0.5, 1, 2] },
    policies: { queue: ["fifo", "sjf"], placement: ["first-fit", "best-fit"] },
  }),
);

describe("grid expansion", () => {
  it("is the cartesian product, grid axes first, the last axis fastest", () => {
    expect(axes.map((a) => a.path)).toEqual(["workloads.0.arrival.ratePerS", "scheduler.queue", "scheduler.placement"]);
    const points = expandGrid(axes);
    expect(points).toHaveLength(12);
    expect(points.map((p) => p.index)).toEqual([...Array(12).keys()]);
    expect(points[0]?.params).toEqual({ "workloads.0.arrival.ratePerS": 0.5, "scheduler.queue": "fifo", "scheduler.placement": "first-fit" });
    expect(points[1]?.params["scheduler.placement"]).toBe("best-fit");
    expect(points[11]?.params).toEqual({ "workloads.0.arrival.ratePerS": 2, "scheduler.queue": "sjf", "scheduler.placement": "best-fit" });
    const keys = new Set(points.map((p) => JSON.stringify(p.params)));
    expect(keys.size).toBe(12);
  });

  it("has one empty point without axes", () => {
    expect(expandGrid([])).toEqual([{ index: 0, params: {} }]);
  });

  it("turns points into --set expressions and labels", () => {
    const point = { index: 3, params: { "workloads.0.durationS": { dist: "exponential", mean: 2 }, "scheduler.queue": "sjf" } };
    expect(pointOverrides(point)).toEqual(['workloads.0.durationS={"dist":"exponential","mean":2}', 'scheduler.queue="sjf"']);
    expect(pointLabel(point.params)).toBe('durationS={"dist":"exponential","mean":2}, queue=sjf');
  });

  it("names cell directories uniquely and safely", () => {
    const points = expandGrid(axes);
    const ids = points.map((p) => cellId(p, points.length));
    expect(ids[0]).toBe("000-ratePerS-0.5_fifo_first-fit");
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(cellId({ index: 7, params: { "a.b": { x: [1, 2] } } }, 2000)).toBe("0007-b-x-1-2");
  });
});
