import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/simulation.js";
import { FlowNetwork } from "../../src/model/network/flow-network.js";
import { LinkTable } from "../../src/model/network/link-table.js";
import { runInMemory, scenarioFrom } from "../helpers.js";

/** Two 16-GPU training jobs over two racks with thin uplinks; `sampleIntervalS` is the only knob. */
function training(sampleIntervalS: number) {
  return scenarioFrom({
    name: "net-sampling",
    seed: 2,
    cluster: { topology: { regions: [{ name: "dc", racks: [{ name: "rack", count: 2, nodes: [{ count: 2, preset: "dgx-h100" }] }] }], fabric: { oversubscription: 4 } } },
    workloads: [{ kind: "jobs", name: "t", count: 3, arrival: { process: "poisson", ratePerS: 0.05 }, gpus: 16, work: { model: "llama-3-8b", iterations: 60, tokensPerIteration: 2.56e5, memory: { zeroStage: 1 } } }],
    scheduler: { placement: "spread" },
    report: { sampleIntervalS },
  });
}

describe("link utilization from exact time integrals", () => {
  it("summary.network is the same whatever report.sampleIntervalS is", async () => {
    const coarse = await runInMemory(training(60));
    const fine = await runInMemory(training(1));
    expect(coarse.summary.network).toEqual(fine.summary.network);
    expect(coarse.summary.network?.["leaf-uplink"]?.maxUtilization).toBeGreaterThan(0.5);
  });

  it("the last timeseries row is at simulatedS and no row lies past it", async () => {
    for (const intervalS of [1, 7, 60, 3600]) {
      const { summary, timeseries } = await runInMemory(training(intervalS));
      const times = timeseries.map((r) => Number(r[0]));
      expect(times.at(-1)).toBe(summary.simulatedS);
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
    }
  });

  it("max is the highest instantaneous utilization and p99 the time-weighted 99th percentile", () => {
    const sim = new Simulation();
    const links = new LinkTable();
    links.add("w", "wan", 100);
    const net = new FlowNetwork(sim, links);
    // 30 % for 5 s, then 100 % for 0.5 s, then idle until 100 s.
    net.startFlowOnPath([0], 150, { maxRateBytesPerS: 30 });
    sim.schedule(5, () => net.startFlowOnPath([0], 50));
    sim.schedule(100, () => {});
    sim.run();
    const stats = net.linkClassStats().wan;
    expect(stats?.maxUtilization).toBeCloseTo(1, 12);
    // 0.5 % of the time at 1, 5 % at 0.3: the 99th percentile is 0.3.
    expect(stats?.p99Utilization).toBeCloseTo(0.3, 3);
    expect(stats?.meanUtilization).toBeCloseTo(200 / (100 * 100), 12);
  });
});
