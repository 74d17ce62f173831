import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { ScenarioError } from "../../src/messages.js";
import { loadScenario } from "../../src/scenario/load.js";
import { GROWTH_MONTH_S, growthClock } from "../../src/workload/arrival-growth.js";
import { type ArrivalProcessSpec, createArrivalProcess } from "../../src/workload/arrivals.js";

/** Arrival times in [0, horizonS) of `spec` from a fixed stream. */
function arrivals(spec: ArrivalProcessSpec, horizonS: number, seed = 11): number[] {
  const next = createArrivalProcess(spec, new RngStreams(seed).stream("arrivals"));
  const out: number[] = [];
  for (let t = next(0); t < horizonS; t = next(t)) out.push(t);
  return out;
}

/** Poisson count within `sigmas` standard deviations (sqrt of the mean) of `expected`. */
function expectPoissonCount(count: number, expected: number, sigmas = 4): void {
  expect(Math.abs(count - expected)).toBeLessThan(sigmas * Math.sqrt(expected));
}

describe("arrival growth", () => {
  it("perMonth: arrivals over a quarter match the integral of the compound-grown rate", () => {
    const ratePerS = 0.02;
    const horizonS = 3 * GROWTH_MONTH_S;
    const k = Math.log(1.1) / GROWTH_MONTH_S;
    const expected = (ratePerS * Math.expm1(k * horizonS)) / k; // integral of r e^(k t) over the quarter
    const times = arrivals({ process: "poisson", ratePerS, growth: { perMonth: 0.1 } }, horizonS);
    expectPoissonCount(times.length, expected);
    // The last month carries 1.1^2 = 1.21 times the first month's demand.
    const inMonth = (m: number) => times.filter((t) => t >= m * GROWTH_MONTH_S && t < (m + 1) * GROWTH_MONTH_S).length;
    expect(inMonth(2) / inMonth(0)).toBeGreaterThan(1.21 - 0.03);
    expect(inMonth(2) / inMonth(0)).toBeLessThan(1.21 + 0.03);
    // Without growth the same rate gives ratePerS * horizon, visibly fewer (15.5 % fewer here).
    expect(expected / (ratePerS * horizonS)).toBeGreaterThan(1.1);
  });

  it("steps apply at their atS, each factor multiplying the base rate (not compounded)", () => {
    const growth = { steps: [{ atS: 1000, factor: 3 }, { atS: 2000, factor: 0.5 }] };
    const times = arrivals({ process: "poisson", ratePerS: 10, growth }, 3000);
    const inWindow = (a: number, b: number) => times.filter((t) => t >= a && t < b).length;
    expectPoissonCount(inWindow(0, 1000), 10_000);
    expectPoissonCount(inWindow(1000, 2000), 30_000);
    expectPoissonCount(inWindow(2000, 3000), 5_000);
    // Constant arrivals show the step exactly: gap 0.1 s before 1000 s, 1/30 s after, 0.2 s after 2000 s.
    const even = arrivals({ process: "constant", ratePerS: 10, growth }, 3000);
    const gapAt = (t: number) => {
      const i = even.findIndex((x) => x > t);
      return (even[i + 1] as number) - (even[i] as number);
    };
    expect(gapAt(500)).toBeCloseTo(0.1, 9);
    expect(gapAt(1500)).toBeCloseTo(1 / 30, 9);
    expect(gapAt(2500)).toBeCloseTo(0.2, 9);
  });

  it("diurnal with growth: the day keeps its length and the count matches the integral of the grown rate", () => {
    const spec = { process: "diurnal" as const, ratePerS: 0.5, amplitude: 0.8, peakS: 50_400, periodS: 86_400 };
    const days = 20;
    const horizonS = days * 86_400;
    const times = arrivals({ ...spec, growth: { perMonth: 0.5 } }, horizonS);
    const k = Math.log(1.5) / GROWTH_MONTH_S;
    let expected = 0;
    const stepS = 60;
    for (let t = stepS / 2; t < horizonS; t += stepS) expected += spec.ratePerS * (1 + spec.amplitude * Math.cos((2 * Math.PI * (t - spec.peakS)) / spec.periodS)) * Math.exp(k * t) * stepS;
    expectPoissonCount(times.length, expected);
    const byHour = new Array<number>(24).fill(0);
    for (const t of times) byHour[Math.floor((t % 86_400) / 3600)]! += 1;
    expect(byHour.indexOf(Math.max(...byHour))).toBeGreaterThanOrEqual(13);
    expect(byHour.indexOf(Math.max(...byHour))).toBeLessThanOrEqual(14);
  });

  it("growth of 1 draws exactly the times of no growth, for every process", () => {
    const processes: ArrivalProcessSpec[] = [
      { process: "poisson", ratePerS: 3 },
      { process: "gamma", ratePerS: 2, cv: 2.5 },
      { process: "constant", ratePerS: 4 },
      { process: "diurnal", ratePerS: 1, amplitude: 0.6, peakS: 3600, periodS: 7200 },
    ];
    for (const spec of processes) {
      const plain = arrivals(spec, 5000);
      expect(arrivals({ ...spec, growth: { perMonth: 0 } }, 5000)).toEqual(plain);
      expect(arrivals({ ...spec, growth: { steps: [{ atS: 0, factor: 1 }] } }, 5000)).toEqual(plain);
    }
  });

  it("the clock inverts: G^-1(G(t)) = t, and g is the slope of G", () => {
    for (const growth of [{ perMonth: 0.25 }, { steps: [{ atS: 100, factor: 2 }, { atS: 500, factor: 0.25 }] }]) {
      const clock = growthClock(growth);
      for (const t of [0, 50, 100, 99.5, 300, 500, 501, 1e6, 3 * GROWTH_MONTH_S]) {
        expect(clock.simulatedS(clock.operationalS(t))).toBeCloseTo(t, 6);
        const h = 1e-3;
        expect((clock.operationalS(t + h) - clock.operationalS(t)) / h).toBeCloseTo(clock.factorAt(t + h / 2), 3);
      }
    }
  });

  it("scenarios accept growth on jobs and inference arrivals and reject unordered steps", () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-growth-"));
    const file = join(dir, "g.yaml");
    const write = (growth: string) =>
      writeFileSync(
        file,
        [
          "seed: 1",
          "horizon: { durationS: 100 }",
          "cluster: { nodes: [{ count: 1, preset: dgx-h100 }] }",
          "workloads:",
          `  - { kind: jobs, name: a, arrival: { process: poisson, ratePerS: 1, growth: ${growth} }, gpus: 1, durationS: 10 }`,
          `  - { kind: inference, name: s, model: llama-3-8b, gpu: H100-SXM, arrival: { process: diurnal, ratePerS: 1, growth: ${growth} } }`,
        ].join("\n"),
      );
    write("{ perMonth: 0.1 }");
    const scenario = loadScenario(file);
    expect(scenario.workloads.map((w) => ("arrival" in w ? w.arrival : null))).toMatchObject([{ growth: { perMonth: 0.1 } }, { growth: { perMonth: 0.1 } }]);
    write("{ steps: [{ atS: 50, factor: 2 }, { atS: 50, factor: 3 }] }");
    expect(() => loadScenario(file)).toThrow(ScenarioError);
    expect(() => loadScenario(file)).toThrow(/strictly increasing atS/);
    write("{ perMonth: 0.1, steps: [{ atS: 50, factor: 2 }] }");
    expect(() => loadScenario(file)).toThrow(ScenarioError);
  });
});
