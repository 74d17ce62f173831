import { describe, expect, it } from "vitest";
import { Simulation } from "../../../src/engine/simulation.js";
import {
  type CollectiveKind,
  collectiveKinds,
  ringAllReduceTimeS,
  uncontendedTimeS,
} from "../../../src/model/network/collective-formulas.js";
import {
  type CollectiveSpec,
  collectiveFormulaInput,
  predictCollectiveTimeS,
  startCollective,
} from "../../../src/model/network/collectives.js";
import { Network } from "../../../src/model/network/network.js";
import { busBwEfficiency, nodePresets } from "../../../src/model/node-presets.js";
import { buildFlatTopology, buildTopology, type Topology } from "../../../src/model/topology.js";

const MiB = 2 ** 20;

/** Run one collective alone on a fresh simulation; returns its simulated duration. */
function simulate(topology: Topology, spec: Omit<CollectiveSpec, "onDone">): { timeS: number; network: Network } {
  const sim = new Simulation();
  const network = new Network(sim, topology);
  const run = startCollective(network, spec);
  sim.run();
  expect(run.done).toBe(true);
  return { timeS: run.durationS, network };
}

const range = (start: number, n: number): number[] => Array.from({ length: n }, (_, i) => start + i);

describe("ring all-reduce against t = 2(n−1)α + 2(n−1)/n · S/(eff·B)", () => {
  const topology = buildFlatTopology([{ count: 1, preset: "dgx-h100" }]);
  const tuning = nodePresets["dgx-h100"].collective;
  for (const n of [2, 3, 4, 8]) {
    for (const bytes of [1 * MiB, 16 * MiB, 256 * MiB, 4e9]) {
      it(`n=${n}, S=${bytes} bytes inside a DGX H100`, () => {
        const { timeS } = simulate(topology, { kind: "all-reduce-ring", gpus: range(0, n), bytes });
        const expected = ringAllReduceTimeS(n, bytes, tuning.alphaS, 450e9, busBwEfficiency(tuning, bytes));
        expect(timeS).toBeCloseTo(expected, 12);
        expect(Math.abs(timeS - expected) / expected).toBeLessThan(1e-9);
      });
    }
  }

  it("across nodes: B is the NIC, α gains the wire latency", () => {
    const cross = buildFlatTopology([{ count: 4, preset: "dgx-h100" }]);
    const gpus = [0, 8, 16, 24];
    const spec = { kind: "all-reduce-ring" as const, gpus, bytes: 64 * MiB };
    const input = collectiveFormulaInput(new Network(new Simulation(), cross), spec);
    expect(input.bytesPerS).toBe(50e9);
    expect(input.alphaS).toBeCloseTo(tuning.alphaS + 1e-6, 15);
    const { timeS } = simulate(cross, spec);
    expect(timeS / uncontendedTimeS("all-reduce-ring", input) - 1).toBeLessThan(1e-9);
  });
});

describe("other collectives against their closed forms", () => {
  const topology = buildFlatTopology([{ count: 2, preset: "dgx-a100" }]);
  // [kind, gpus, uniform]: uniform sets sit in one node; the others span two nodes (NVLink + NIC steps).
  const cases: [CollectiveKind, number[], boolean][] = [
    ["all-reduce-tree", range(0, 8), true],
    ["all-reduce-tree", range(0, 5), true],
    ["all-reduce-tree", range(0, 16), false],
    ["all-gather", range(0, 8), true],
    ["reduce-scatter", range(0, 6), true],
    ["all-to-all", range(0, 8), true],
    ["all-to-all", range(4, 8), false],
    ["broadcast", range(0, 8), true],
    ["broadcast", range(4, 12), false],
  ];
  for (const [kind, gpus, uniform] of cases) {
    for (const bytes of [4 * MiB, 512 * MiB]) {
      it(`${kind} over ${gpus.length} GPUs (${uniform ? "one node" : "two nodes"}), S=${bytes}`, () => {
        const spec = { kind, gpus, bytes };
        const network = new Network(new Simulation(), topology);
        const closedForm = uncontendedTimeS(kind, collectiveFormulaInput(network, spec));
        const exact = predictCollectiveTimeS(network, spec);
        const { timeS } = simulate(topology, spec);
        expect(Math.abs(timeS / exact - 1)).toBeLessThan(1e-9);
        if (uniform) expect(Math.abs(timeS / closedForm - 1)).toBeLessThan(1e-9);
      });
    }
  }

  it("tree all-reduce inside a node follows 2⌈log₂n⌉(α + S/(eff·B))", () => {
    const tuning = nodePresets["dgx-a100"].collective;
    for (const n of [2, 4, 7, 8]) {
      const bytes = 64 * MiB;
      const { timeS } = simulate(topology, { kind: "all-reduce-tree", gpus: range(0, n), bytes });
      const eff = busBwEfficiency(tuning, bytes);
      const expected = 2 * Math.ceil(Math.log2(n)) * (tuning.alphaS + bytes / (eff * 300e9));
      expect(Math.abs(timeS / expected - 1)).toBeLessThan(1e-9);
    }
  });

  it("a single GPU finishes at once and every kind is covered", () => {
    for (const kind of collectiveKinds) expect(simulate(topology, { kind, gpus: [3], bytes: MiB }).timeS).toBe(0);
  });
});

describe("multi-ring (NCCL channels) across nodes", () => {
  it("8 rings over 2 DGX H100 use all 8 NICs: ~8× faster than one ring, exactly as predicted", () => {
    const topology = buildFlatTopology([{ count: 2, preset: "dgx-h100" }]);
    const gpus = range(0, 16);
    const bytes = 1e9;
    const one = simulate(topology, { kind: "all-reduce-ring", gpus, bytes }).timeS;
    const spec = { kind: "all-reduce-ring" as const, gpus, bytes, rings: 8 };
    const { timeS: eight, network } = simulate(topology, spec);
    expect(one / eight).toBeGreaterThan(6);
    expect(Math.abs(eight / predictCollectiveTimeS(network, spec) - 1)).toBeLessThan(1e-9);
    // 2(n−1) steps × 2 node-crossing edges (summed over rings: S/n) × 2 NIC links (tx, rx).
    expect(network.linkClassStats().nic?.bytesMoved).toBeCloseTo(30 * 2 * (bytes / 16) * 2, -3);
  });
});

describe("contention", () => {
  // 2 racks × 4 nodes, 1 GPU and one 50 GB/s NIC per node; 4:1 leaf oversubscription → 50 GB/s uplinks.
  const node = { count: 4, gpu: "H100-SXM" as const, gpusPerNode: 1, nicCount: 1, nicBytesPerS: 50e9 };
  const topology = buildTopology({
    regions: [{ name: "dc", racks: [{ name: "rack0", nodes: [node] }, { name: "rack1", nodes: [node] }] }],
    fabric: { oversubscription: 4 },
  });
  // GPUs 0-3 in rack0, 4-7 in rack1. Interleaved rings cross the spine on every hop.
  const jobA = [0, 4, 1, 5];
  const jobB = [2, 6, 3, 7];
  const bytes = 256 * MiB;

  it("two jobs' all-reduces across racks behind a 4:1 spine take longer than alone", () => {
    const alone = simulate(topology, { kind: "all-reduce-ring", gpus: jobA, bytes }).timeS;
    const sim = new Simulation();
    const network = new Network(sim, topology);
    const a = startCollective(network, { kind: "all-reduce-ring", gpus: jobA, bytes });
    const b = startCollective(network, { kind: "all-reduce-ring", gpus: jobB, bytes });
    sim.run();
    expect(a.durationS).toBeGreaterThan(alone * 1.3);
    expect(b.durationS).toBeCloseTo(a.durationS, 9);
    const stats = network.linkClassStats();
    expect(stats["leaf-uplink"]?.p99Utilization).toBeGreaterThan(0.99);
    expect(stats["leaf-uplink"]?.bytesMoved).toBeGreaterThan(0);
  });

  it("the same job inside one rack is faster than spread across racks", () => {
    const inRack = simulate(topology, { kind: "all-reduce-ring", gpus: [0, 1, 2, 3], bytes }).timeS;
    const spread = simulate(topology, { kind: "all-reduce-ring", gpus: jobA, bytes }).timeS;
    expect(inRack).toBeLessThan(spread / 1.5);
  });

  it("cancel stops a collective without calling onDone", () => {
    const sim = new Simulation();
    const network = new Network(sim, topology);
    let called = false;
    const run = startCollective(network, { kind: "all-reduce-ring", gpus: jobA, bytes, onDone: () => { called = true; } });
    sim.run({ untilS: 1e-3 });
    run.cancel();
    sim.run();
    expect(called).toBe(false);
    expect(run.done).toBe(false);
    expect(network.flows.activeFlows).toBe(0);
  });
});
