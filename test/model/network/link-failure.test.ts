import { describe, expect, it } from "vitest";
import { Simulation } from "../../../src/engine/simulation.js";
import { predictCollectiveTimeS, startCollective } from "../../../src/model/network/collectives.js";
import { Network } from "../../../src/model/network/network.js";
import { RingAllReduce } from "../../../src/model/network/ring-all-reduce.js";
import { buildFlatTopology, type Topology } from "../../../src/model/topology.js";

/** Two DGX H100 nodes; GPU 0..7 on node 0, 8..15 on node 1. */
function twoNodes(): Topology {
  return buildFlatTopology([{ count: 2, preset: "dgx-h100" }]);
}

const linkId = (topology: Topology, name: string): number => {
  for (let l = 0; l < topology.links.count; l++) if (topology.links.nameOf(l) === name) return l;
  throw new Error(`no link ${name}`);
};

const gpus16 = Array.from({ length: 16 }, (_, i) => i);

describe("flows on a failed link wait for the repair", () => {
  it("a ring all-reduce built while a NIC is down (capacity 0) stalls, then takes its uncontended time after the repair", () => {
    const topology = twoNodes();
    const sim = new Simulation();
    const network = new Network(sim, topology);
    const nic = linkId(topology, "rack0-node0/nic0/tx");
    const nominal = topology.links.capacityBytesPerS[nic] as number;
    network.setLinkCapacity(nic, 0);
    const ring = new RingAllReduce(network, gpus16);
    let doneS = Number.NaN;
    ring.start(4e9, () => {
      doneS = sim.nowS;
    });
    const repairS = 7;
    sim.schedule(repairS, () => network.setLinkCapacity(nic, nominal));
    sim.run();
    // Every edge but the dead one finishes early; the dead one starts at the repair at full speed.
    expect(doneS).toBeCloseTo(repairS + ring.uncontendedTimeS(4e9), 9);
    expect(topology.links.nominalCapacityBytesPerS[nic]).toBe(nominal);
  });

  it("a ring all-reduce on a half-degraded NIC runs slower but keeps its healthy rate ceiling after the repair", () => {
    const topology = twoNodes();
    const sim = new Simulation();
    const network = new Network(sim, topology);
    const nic = linkId(topology, "rack0-node0/nic0/tx");
    const nominal = topology.links.capacityBytesPerS[nic] as number;
    network.setLinkCapacity(nic, nominal / 2);
    const ring = new RingAllReduce(network, gpus16);
    let degradedS = Number.NaN;
    ring.start(4e9, () => {
      degradedS = sim.nowS;
    });
    sim.run();
    network.setLinkCapacity(nic, nominal);
    const startS = sim.nowS;
    let healthyS = Number.NaN;
    ring.start(4e9, () => {
      healthyS = sim.nowS - startS;
    });
    sim.run();
    expect(degradedS).toBeGreaterThan(ring.uncontendedTimeS(4e9) * 1.5);
    expect(healthyS).toBeCloseTo(ring.uncontendedTimeS(4e9), 9);
  });

  it("a step-by-step collective started on a dead link completes after the repair", () => {
    const topology = twoNodes();
    const sim = new Simulation();
    const network = new Network(sim, topology);
    const nic = linkId(topology, "rack0-node0/nic0/tx");
    const nominal = topology.links.capacityBytesPerS[nic] as number;
    const spec = { kind: "all-reduce-ring" as const, gpus: [0, 8], bytes: 2 ** 26 };
    const healthyS = predictCollectiveTimeS(network, spec);
    network.setLinkCapacity(nic, 0);
    const run = startCollective(network, spec);
    const repairS = 3;
    sim.schedule(repairS, () => network.setLinkCapacity(nic, nominal));
    sim.run();
    expect(run.done).toBe(true);
    // The first step's flow waits for the repair; from then on the collective runs as if healthy.
    expect(run.endS).toBeGreaterThan(repairS);
    expect(run.endS).toBeLessThanOrEqual(repairS + healthyS + 1e-9);
  });
});
