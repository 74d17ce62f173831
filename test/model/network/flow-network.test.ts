import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../../src/engine/simulation.js";
import { FlowNetwork } from "../../../src/model/network/flow-network.js";
import { type LinkClass, LinkTable } from "../../../src/model/network/link-table.js";
import { maxMinFairRates } from "../../../src/model/network/max-min.js";

function table(capacities: number[], cls: LinkClass = "nic", latencyS = 0): LinkTable {
  const t = new LinkTable();
  capacities.forEach((c, i) => {
    t.add(`l${i}`, cls, c, latencyS);
  });
  return t;
}

describe("FlowNetwork", () => {
  it("shares a link fairly and hands the share on when a flow ends", () => {
    const sim = new Simulation();
    const net = new FlowNetwork(sim, table([100]));
    const doneAt: number[] = [];
    const record = (arg: number): void => {
      doneAt[arg] = sim.nowS;
    };
    const a = net.startFlowOnPath([0], 100, { onDone: record, doneArg: 0 });
    net.startFlowOnPath([0], 200, { onDone: record, doneArg: 1 });
    expect(net.rateOf(a)).toBe(50);
    sim.run();
    expect(doneAt[0]).toBeCloseTo(2, 12); // both at 50 B/s until A is done
    expect(doneAt[1]).toBeCloseTo(3, 12); // B alone at 100 B/s for its last 100 bytes
    expect(net.bytesMovedOnLink(0)).toBeCloseTo(300, 9);
    expect(net.activeFlows).toBe(0);
    expect(net.completedFlows).toBe(2);
  });

  it("adds the path's latency once, after the last byte", () => {
    const sim = new Simulation();
    const net = new FlowNetwork(sim, table([10, 10], "wan", 0.25));
    let doneS = -1;
    net.startFlowOnPath([0, 1], 10, { onDone: () => { doneS = sim.nowS; } });
    sim.run();
    expect(doneS).toBeCloseTo(1.5, 12);
  });

  it("respects rate ceilings and stalls on a failed link until repaired", () => {
    const sim = new Simulation();
    const net = new FlowNetwork(sim, table([100]));
    let doneS = -1;
    const f = net.startFlowOnPath([0], 100, { maxRateBytesPerS: 20, onDone: () => { doneS = sim.nowS; } });
    expect(net.rateOf(f)).toBe(20);
    sim.schedule(1, () => {
      net.setLinkCapacity(0, 0);
      expect(net.rateOf(f)).toBe(0);
    });
    sim.schedule(3, () => net.setLinkCapacity(0, 100));
    sim.run();
    expect(doneS).toBeCloseTo(3 + 80 / 20, 9);
  });

  it("reports per-class bytes, mean and p99 utilization", () => {
    const sim = new Simulation();
    const links = new LinkTable();
    links.add("a", "nvlink", 100);
    links.add("b", "nvlink", 100);
    links.add("w", "wan", 50);
    const net = new FlowNetwork(sim, links);
    net.startFlowOnPath([0, 2], 100); // 50 B/s for 2 s
    sim.schedule(4, () => {}); // keep the clock running to 4 s
    sim.run({ untilS: 1 });
    const first = net.sampleUtilization(2);
    expect(first.byClass.wan?.meanUtilization).toBeCloseTo(1, 9);
    expect(first.topLinks[0]?.name).toBe("w");
    sim.run({ untilS: 4 });
    net.sampleUtilization();
    const stats = net.linkClassStats();
    expect(stats.wan?.bytesMoved).toBeCloseTo(100, 9);
    expect(stats.nvlink?.bytesMoved).toBeCloseTo(100, 9);
    expect(stats.wan?.meanUtilization).toBeCloseTo(100 / (50 * 4), 9);
    expect(stats.nvlink?.meanUtilization).toBeCloseTo(100 / (200 * 4), 9);
    expect(stats.wan?.p99Utilization).toBeCloseTo(1, 3);
    expect(stats.pcie).toBeUndefined();
  });

  const scenario = fc.integer({ min: 1, max: 6 }).chain((links) =>
    fc.record({
      capacity: fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: links, maxLength: links }),
      flows: fc.array(
        fc.record({
          path: fc.uniqueArray(fc.integer({ min: 0, max: links - 1 }), { minLength: 1, maxLength: links }),
          bytes: fc.double({ min: 0, max: 1000, noNaN: true }),
          startS: fc.double({ min: 0, max: 20, noNaN: true }),
          ceiling: fc.option(fc.double({ min: 0.5, max: 50, noNaN: true }), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 15 },
      ),
    }),
  );

  it("property: incremental solves give the full solve's rates; all flows complete; bytes conserved", () => {
    fc.assert(
      fc.property(scenario, ({ capacity, flows }) => {
        const sim = new Simulation();
        const net = new FlowNetwork(sim, table(capacity));
        let done = 0;
        const check = (): void => {
          const ids = net.activeFlowIds();
          const rates = ids.map((id) => net.rateOf(id));
          const full = maxMinFairRates(ids.map((id) => Array.from(net.pathOf(id))), capacity, ids.map((id) => net.ceilingOf(id)));
          rates.forEach((r, i) => {
            expect(r).toBeCloseTo(full[i] as number, 6);
          });
          for (let l = 0; l < capacity.length; l++) expect(net.linkLoadBytesPerS(l)).toBeLessThanOrEqual((capacity[l] as number) * (1 + 1e-9));
          net.recomputeAll();
          ids.forEach((id, i) => {
            expect(net.rateOf(id)).toBeCloseTo(rates[i] as number, 9);
          });
        };
        const onDone = (): void => {
          done++;
          check();
        };
        flows.forEach((f, i) => {
          sim.schedule(f.startS, () => {
            net.startFlowOnPath(f.path, f.bytes, { onDone, doneArg: i, maxRateBytesPerS: f.ceiling });
            check();
          });
        });
        sim.run();
        expect(done).toBe(flows.length);
        expect(net.activeFlows).toBe(0);
        for (let l = 0; l < capacity.length; l++) {
          const expected = flows.reduce((s, f) => s + (f.path.includes(l) ? f.bytes : 0), 0);
          expect(net.bytesMovedOnLink(l)).toBeCloseTo(expected, 6);
        }
      }),
      { numRuns: 200 },
    );
  });
});
