import { describe, expect, it } from "vitest";
import { runInMemory, scenarioFrom } from "../helpers.js";

describe("energy and cost", () => {
  const doc = (extra: Record<string, unknown> = {}) => ({
    name: "power",
    cluster: { nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 8 }] },
    workloads: [{ kind: "jobs", name: "j", count: 1, startS: 0, arrival: { process: "constant", ratePerS: 1e9 }, gpus: 8, durationS: 3600 }],
    horizon: { durationS: 3601 },
    ...extra,
  });

  it("idle GPUs draw idle power, computing GPUs their TDP; PUE scales the facility energy", async () => {
    const { summary } = await runInMemory(scenarioFrom(doc()));
    // 8 GPUs busy for 1 h at 700 W; the other 8 (and the first 8 for the last second) at 90 W.
    const itKWh = (8 * 700 * 3600 + 8 * 90 * 3601 + 8 * 90 * 1) / 3.6e6;
    expect(summary.energy.itKWh).toBeCloseTo(itKWh, 4);
    expect(summary.energy.kWh).toBeCloseTo(1.2 * itKWh, 4);
    expect(summary.energy.meanPowerKW).toBeCloseTo((1.2 * itKWh * 3600) / 3601, 4);
  });

  it("costs the allocated GPU-hours and the whole fleet at the models' prices (overridable)", async () => {
    const catalog = (await runInMemory(scenarioFrom(doc()))).summary.cost;
    const hours = 3601 / 3600;
    expect(catalog.allocatedGpuHours).toBeCloseTo(8, 4);
    expect(catalog.allocatedUsd).toBeCloseTo(8 * 2.5, 3);
    expect(catalog.fleetUsd).toBeCloseTo(16 * 2.5 * hours, 4);
    expect(catalog.usdPerCompletion).toBeCloseTo(16 * 2.5 * hours, 4);
    const contract = (await runInMemory(scenarioFrom(doc({ prices: { "H100-SXM": 1.5 } })))).summary.cost;
    expect(contract.fleetUsd).toBeCloseTo(16 * 1.5 * hours, 4);
  });
});
