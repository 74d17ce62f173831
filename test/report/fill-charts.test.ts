import { describe, expect, it } from "vitest";
import { fillFragmentationSpec } from "../../src/report/charts/fill-fragmentation.js";
import { type FillPoint, fillBands } from "../../src/report/charts/fill-series.js";
import { fillUnallocatedSpec } from "../../src/report/charts/fill-unallocated.js";
import { renderSvg } from "../../src/report/render-svg.js";

const points: FillPoint[] = [
  { policy: "fgd", seed: 1, arrivedPct: 100, allocatedPct: 95, fragmentationPct: 4 },
  { policy: "fgd", seed: 2, arrivedPct: 100, allocatedPct: 93, fragmentationPct: 6 },
  { policy: "random", seed: 1, arrivedPct: 100, allocatedPct: 88, fragmentationPct: 11 },
];

describe("fill charts", () => {
  it("aggregate over seeds: mean and spread per policy and arrived workload", () => {
    expect(fillBands(points, (p) => 100 - p.allocatedPct)).toEqual([
      { policy: "fgd", arrivedPct: 100, mean: 6, min: 5, max: 7, seeds: 2 },
      { policy: "random", arrivedPct: 100, mean: 12, min: 12, max: 12, seeds: 1 },
    ]);
  });

  it("render to SVG; no points, no chart", async () => {
    for (const spec of [fillUnallocatedSpec(points), fillFragmentationSpec(points)]) {
      expect(spec).not.toBeNull();
      const svg = await renderSvg(spec!);
      expect(svg).toContain("<svg");
      expect(svg).toContain("arrived workload");
    }
    expect(fillUnallocatedSpec([])).toBeNull();
  });
});
