import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { metricRange } from "../../src/report/metric-ranges.js";
import { replicationsBlock } from "../../src/report/summary-metrics.js";
import type { ConfidenceInterval } from "../../src/metrics/confidence.js";

/** The interval at a dotted path of a replications block. */
function at(block: unknown, path: string): ConfidenceInterval {
  let node: unknown = block;
  for (const key of path.split(".")) node = (node as Record<string, unknown>)[key];
  return node as ConfidenceInterval;
}

describe("metric ranges (the table in metric-ranges.ts)", () => {
  it.each([
    ["jobs.slowdown.p99", "at-least-one"],
    ["jobs.slowdown.count", "nonnegative"],
    ["energy.pue", "at-least-one"],
    ["energy.itKWh", "nonnegative"],
    ["energy.kWh", "nonnegative"],
    ["energy.meanPowerKW", "nonnegative"],
    ["cost.fleetUsd", "nonnegative"],
    ["failures.events.gpu", "nonnegative"],
    ["failures.lostGpuHours", "nonnegative"],
    ["failures.meanTimeToRecoveryS", "nonnegative"],
    ["requests.preemptions", "nonnegative"],
    ["requests.retries", "nonnegative"],
    ["requests.iterations", "nonnegative"],
    ["requests.meanReplicas", "nonnegative"],
    ["requests.meanRequestsInSystem", "nonnegative"],
    ["requests.services.chat.goodputPerS", "nonnegative"],
    ["requests.batchSize.p99", "nonnegative"],
    ["requests.ttftS.p50", "nonnegative"],
    ["tenants.byTenant.a.fairShareRatio", "nonnegative"],
    ["requests.classes.chat/code.sloAttainment", "unit"],
    ["requests.kvUtilization", "unit"],
    ["gpus.memoryFraction", "unit"],
    ["failures.goodput", "unit"],
    ["tenants.byTenant.a.share", "unit"],
    ["tenants.jainRawGpuHours", "unit"],
    ["network.nic.p99Utilization", "unit"],
    ["something.delta", "unbounded"],
  ])("%s is %s", (path, range) => {
    expect(metricRange(path)).toBe(range);
  });
});

describe("the replications block respects each metric's range and names its method", () => {
  const summaries = (waits: number[], fractions: number[], slowdowns: number[], deltas: number[]) =>
    waits.map((w, i) => ({
      seed: i,
      jobs: { waitS: { mean: w }, slowdown: { mean: slowdowns[i] }, probWait: fractions[i] },
      other: { delta: deltas[i] },
    }));

  it("property: waits within [0, ∞), fractions within [0, 1], slowdowns >= 1, for 2..12 seeds", () => {
    const n = fc.integer({ min: 2, max: 12 });
    fc.assert(
      fc.property(
        n.chain((k) =>
          fc.tuple(
            fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: k, maxLength: k }),
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: k, maxLength: k }),
            fc.array(fc.double({ min: 1, max: 50, noNaN: true }), { minLength: k, maxLength: k }),
          ),
        ),
        ([waits, fractions, slowdowns]) => {
          const block = replicationsBlock(summaries(waits, fractions, slowdowns, waits.map((w) => w - 5e4)));
          const wait = at(block, "jobs.waitS.mean");
          expect(wait.ciLow as number).toBeGreaterThanOrEqual(0);
          expect(wait.ciLow as number).toBeLessThanOrEqual(wait.ciHigh as number);
          const frac = at(block, "jobs.probWait");
          expect(frac.ciLow as number).toBeGreaterThanOrEqual(0);
          expect(frac.ciHigh as number).toBeLessThanOrEqual(1);
          expect(at(block, "jobs.slowdown.mean").ciLow as number).toBeGreaterThanOrEqual(1);
          for (const ci of [wait, frac]) expect(["t", "log-normal-cox", "bootstrap-percentile"]).toContain(ci.method);
        },
      ),
    );
  });

  it("methods: t for unbounded metrics, Cox's log-scale interval from 5 positive values, bootstrap below or at a bound", () => {
    const waits5 = [120, 340, 95, 800, 210];
    const block5 = replicationsBlock(summaries(waits5, [0.1, 0.2, 0.15, 0.3, 0.22], [1.1, 1.3, 1.2, 2, 1.4], [-3, 2, 5, -1, 0]));
    expect(at(block5, "jobs.waitS.mean").method).toBe("log-normal-cox");
    expect(at(block5, "jobs.probWait").method).toBe("bootstrap-percentile");
    expect(at(block5, "other.delta").method).toBe("t");
    // The t interval of these waits would go below 0; the log-scale one does not.
    const m = waits5.reduce((a, b) => a + b, 0) / 5;
    const sd = Math.sqrt(waits5.reduce((a, w) => a + (w - m) ** 2, 0) / 4);
    expect(m - 2.776445105 * (sd / Math.sqrt(5))).toBeLessThan(0);
    expect(at(block5, "jobs.waitS.mean").ciLow as number).toBeGreaterThan(0);
    const block3 = replicationsBlock(summaries([0, 0, 145], [0, 0.5, 1], [1, 1, 3], [1, 2, 3]));
    expect(at(block3, "jobs.waitS.mean")).toMatchObject({ ciLow: 0, method: "bootstrap-percentile", n: 3 });
    expect(at(block3, "jobs.probWait").method).toBe("bootstrap-percentile");
    // One seed: a mean and no interval, so no method either (the field names stay {mean, ciLow, ciHigh, sd, n}).
    expect(at(replicationsBlock(summaries([5], [0.5], [1], [0])), "jobs.waitS.mean")).toEqual({ mean: 5, ciLow: null, ciHigh: null, sd: null, n: 1 });
  });
});
