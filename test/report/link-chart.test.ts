import { describe, expect, it } from "vitest";
import { linkUtilizationChart } from "../../src/report/charts/link-utilization.js";
import { renderSvg } from "../../src/report/render-svg.js";
import { readRunData } from "../../src/report/run-data.js";
import { compileMessages, dataMarkCount, makeRun } from "./report-fixture.js";

const training = {
  name: "links",
  cluster: { topology: { regions: [{ name: "dc", racks: [{ name: "rack", count: 2, nodes: [{ count: 2, preset: "dgx-h100" }] }] }], fabric: { oversubscription: 4 } } },
  workloads: [{ kind: "jobs", name: "t", count: 2, arrival: { process: "constant", ratePerS: 0.01 }, gpus: 16, work: { model: "llama-3-8b", iterations: 50, tokensPerIteration: 2.56e5, memory: { zeroStage: 1 } } }],
  scheduler: { placement: "spread" },
  report: { sampleIntervalS: 5 },
};

describe("link utilization chart", () => {
  it("draws the link classes a network run uses, and leaves out those its topology lacks", async () => {
    const data = await readRunData(await makeRun(training));
    const spec = linkUtilizationChart.build(data);
    expect(spec).not.toBeNull();
    expect(compileMessages(spec!)).toEqual([]);
    const svg = await renderSvg(spec!);
    expect(dataMarkCount(svg)).toBeGreaterThan(0);
    expect(svg).toContain("leaf uplink");
    expect(svg).not.toContain("WAN");
  });

  it("is left out of runs without a network model", async () => {
    const data = await readRunData(await makeRun());
    expect(linkUtilizationChart.build(data)).toBeNull();
  });
});
