import { mean, sampleStandardDeviation } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { createArrivalProcess } from "../../src/workload/arrivals.js";

function gaps(spec: Parameters<typeof createArrivalProcess>[0], n: number): number[] {
  const next = createArrivalProcess(spec, new RngStreams(9).stream("arrivals"));
  const out: number[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    const u = next(t);
    out.push(u - t);
    t = u;
  }
  return out;
}

describe("arrival processes", () => {
  const n = 200_000;
  it("poisson: mean gap 1/rate, cv 1", () => {
    const g = gaps({ process: "poisson", ratePerS: 4 }, n);
    expect(mean(g)).toBeCloseTo(0.25, 2);
    expect(sampleStandardDeviation(g) / mean(g)).toBeCloseTo(1, 1);
  });

  it("gamma: mean gap 1/rate with the requested cv", () => {
    const g = gaps({ process: "gamma", ratePerS: 2, cv: 3 }, n);
    expect(Math.abs(mean(g) - 0.5) / 0.5).toBeLessThan(0.03);
    expect(Math.abs(sampleStandardDeviation(g) / mean(g) - 3)).toBeLessThan(0.1);
  });

  it("constant: evenly spaced", () => {
    for (const gap of gaps({ process: "constant", ratePerS: 5 }, 10)) expect(gap).toBeCloseTo(0.2, 12);
  });

  it("diurnal: the mean rate over whole days, and more arrivals near the peak than the trough", () => {
    const spec = { process: "diurnal" as const, ratePerS: 0.5, amplitude: 0.8, peakS: 50_400, periodS: 86_400 };
    const next = createArrivalProcess(spec, new RngStreams(2).stream("a"));
    const days = 10;
    const byHour = new Array<number>(24).fill(0);
    let count = 0;
    for (let t = next(0); t < days * 86_400; t = next(t)) {
      count++;
      byHour[Math.floor((t % 86_400) / 3600)]! += 1;
    }
    expect(Math.abs(count / (days * 86_400) - 0.5) / 0.5).toBeLessThan(0.02);
    // Expected arrivals in the peak hour (14:00) vs the trough (02:00): ratio (1+0.8)/(1-0.8) = 9.
    const ratio = byHour[14]! / byHour[2]!;
    expect(ratio).toBeGreaterThan(6);
    expect(ratio).toBeLessThan(12);
  });
});
