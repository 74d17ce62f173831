import fc from "fast-check";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { meanConfidence, rangedConfidence } from "../../src/metrics/confidence.js";
import { metricRange } from "../../src/report/metric-ranges.js";

describe("replication intervals inside a quantity's physical range", () => {
  it("slowdowns (>= 1): the t-interval dips below 1, the range-respecting one does not", () => {
    const few = [1.02, 1.1, 2.9]; // n < 5: bootstrap, inside the values' range
    expect(meanConfidence(few).ciLow as number).toBeLessThan(1);
    const boot = rangedConfidence(few, "at-least-one");
    expect(boot.ciLow as number).toBeGreaterThanOrEqual(1.02);
    expect(boot.ciHigh as number).toBeLessThanOrEqual(2.9);
    expect(boot.mean).toBeCloseTo(meanConfidence(few).mean as number, 12);
    const six = [1.05, 1.1, 1.3, 1.2, 2.6, 1.15]; // Cox's log-normal interval on x − 1
    expect(meanConfidence(six).ciLow as number).toBeLessThan(1.05);
    const ys = six.map((x) => Math.log(x - 1));
    const m = ys.reduce((a, b) => a + b, 0) / 6;
    const v = ys.reduce((a, y) => a + (y - m) ** 2, 0) / 5;
    const t = 2.570581835636314; // t(0.975, 5)
    const se = Math.sqrt(v / 6 + (v * v) / 10);
    const cox = rangedConfidence(six, "at-least-one");
    expect(cox.ciLow).toBeCloseTo(1 + Math.exp(m + v / 2 - t * se), 9);
    expect(cox.ciHigh).toBeCloseTo(1 + Math.exp(m + v / 2 + t * se), 9);
    expect(cox.ciLow as number).toBeGreaterThan(1);
  });

  it("waits with zeros (a point mass at the bound): the bootstrap interval starts at 0, not below", () => {
    const p50 = [0, 0, 145];
    expect(meanConfidence(p50).ciLow as number).toBeLessThan(-90);
    const ci = rangedConfidence(p50, "nonnegative");
    expect(ci.ciLow).toBe(0);
    expect(ci.ciHigh as number).toBeLessThanOrEqual(145);
    expect(rangedConfidence(p50, "nonnegative")).toEqual(ci); // fixed seed: reproducible
  });

  it("unbounded metrics keep mean ± t; constant values give a zero-width interval", () => {
    expect(rangedConfidence([-3, 1, 4], "unbounded")).toEqual(meanConfidence([-3, 1, 4]));
    expect(rangedConfidence([2, 2, 2], "nonnegative")).toMatchObject({ mean: 2, ciLow: 2, ciHigh: 2, sd: 0 });
  });

  it("property: never outside the range, low <= high", () => {
    const sample = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 12 });
    fc.assert(
      fc.property(sample, (xs) => {
        const nonneg = rangedConfidence(xs, "nonnegative");
        expect(nonneg.ciLow as number).toBeGreaterThanOrEqual(0);
        expect(nonneg.ciLow as number).toBeLessThanOrEqual(nonneg.ciHigh as number);
        const slow = rangedConfidence(xs.map((x) => 1 + x), "at-least-one");
        expect(slow.ciLow as number).toBeGreaterThanOrEqual(1);
        const unit = rangedConfidence(xs.map((x) => x / 1e6), "unit");
        expect(unit.ciLow as number).toBeGreaterThanOrEqual(0);
        expect(unit.ciHigh as number).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("covers the true mean of log-normal replications about 95 % of the time (n = 8)", () => {
    const rng = seedrandom("ranged-coverage");
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const sigma = 0.8;
    const trueMean = Math.exp((sigma * sigma) / 2);
    let covered = 0;
    const trials = 2000;
    for (let i = 0; i < trials; i++) {
      const xs = Array.from({ length: 8 }, () => Math.exp(sigma * normal()));
      const ci = rangedConfidence(xs, "nonnegative");
      if ((ci.ciLow as number) <= trueMean && trueMean <= (ci.ciHigh as number)) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.92);
    expect(covered / trials).toBeLessThan(0.98);
  });

  it("metric paths map to their ranges", () => {
    expect(metricRange("jobs.slowdown.p99")).toBe("at-least-one");
    expect(metricRange("jobs.waitS.p50")).toBe("nonnegative");
    expect(metricRange("requests.ttftS.mean")).toBe("nonnegative");
    expect(metricRange("jobs.completed")).toBe("nonnegative");
    expect(metricRange("energy.kWh")).toBe("nonnegative");
    expect(metricRange("gpus.busyFraction")).toBe("unit");
    expect(metricRange("failures.availability")).toBe("unit");
    expect(metricRange("network.nic.p99Utilization")).toBe("unit");
    expect(metricRange("requests.sloAttainment")).toBe("unit");
    expect(metricRange("tenants.jainFairness")).toBe("unit");
  });
});
