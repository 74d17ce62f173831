import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { halfWidth, meanConfidence, significantlyDifferent, welchTTest } from "../../src/metrics/confidence.js";
import { incompleteBeta, logGamma, studentTCdf, studentTQuantile } from "../../src/metrics/student-t.js";

// Upper quantiles t_{p, df} from standard tables (e.g. NIST/SEMATECH e-Handbook, Table 1.3.6.7.2).
const table: [number, number, number][] = [
  [0.975, 1, 12.7062047],
  [0.975, 2, 4.30265273],
  [0.975, 3, 3.18244631],
  [0.975, 4, 2.77644511],
  [0.975, 5, 2.57058184],
  [0.975, 9, 2.26215716],
  [0.975, 10, 2.22813885],
  [0.975, 30, 2.04227246],
  [0.975, 100, 1.98397152],
  [0.95, 1, 6.31375151],
  [0.95, 10, 1.81246112],
  [0.9, 5, 1.47588405],
  [0.995, 4, 4.60409487],
  [0.999, 10, 4.14370049],
  [0.9995, 2, 31.5990546],
];

describe("Student t distribution", () => {
  it.each(table)("quantile p=%f df=%i is %f", (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 6);
    expect(studentTQuantile(1 - p, df)).toBeCloseTo(-expected, 6);
  });

  it("approaches the normal quantile for large df", () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
  });

  it("CDF inverts the quantile, also for fractional df", () => {
    for (const df of [1, 2.5, 7.3, 40]) {
      for (const p of [0.01, 0.2, 0.5, 0.8, 0.99]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
    }
  });

  it("Cauchy (df=1) CDF is 1/2 + atan(t)/pi", () => {
    for (const t of [-10, -1, 0.3, 2, 50]) expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 10);
  });

  it("log-gamma and incomplete beta match closed forms", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12);
    expect(incompleteBeta(0.7, 1, 3)).toBeCloseTo(1 - 0.3 ** 3, 12);
  });

  it("rejects probabilities outside (0, 1)", () => {
    expect(studentTQuantile(0, 3)).toBeNaN();
    expect(studentTQuantile(1, 3)).toBeNaN();
  });
});

describe("mean confidence interval", () => {
  it("uses the t quantile with n-1 degrees of freedom", () => {
    const ci = meanConfidence([1, 2, 3, 4, 5]);
    expect(ci.mean).toBe(3);
    expect(ci.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(halfWidth(ci)).toBeCloseTo(2.77644511 * Math.sqrt(2.5 / 5), 6);
    expect(ci.n).toBe(5);
  });

  it("has no interval for one value and nothing for none", () => {
    expect(meanConfidence([4])).toEqual({ mean: 4, ciLow: null, ciHigh: null, sd: null, n: 1 });
    expect(meanConfidence([])).toEqual({ mean: null, ciLow: null, ciHigh: null, sd: null, n: 0 });
    expect(meanConfidence([7, 7, 7])).toMatchObject({ mean: 7, ciLow: 7, ciHigh: 7, sd: 0 });
  });

  it("covers the true mean about 95 % of the time (normal samples, n = 5)", () => {
    const rng = seedrandom("coverage");
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const trials = 4000;
    let covered = 0;
    for (let i = 0; i < trials; i++) {
      const ci = meanConfidence(Array.from({ length: 5 }, () => 10 + 3 * normal()));
      if ((ci.ciLow as number) <= 10 && 10 <= (ci.ciHigh as number)) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.935);
    expect(covered / trials).toBeLessThan(0.965);
  });
});

describe("Welch's t-test", () => {
  it("matches R's t.test(1:5, c(2,4,6,8,10))", () => {
    const r = welchTTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(r.t).toBeCloseTo(-1.897367, 5);
    expect(r.df).toBeCloseTo(5.882353, 5);
    expect(r.pValue).toBeCloseTo(0.1075, 4);
  });

  it("marks a large difference and not identical samples", () => {
    expect(significantlyDifferent([10, 11, 10.5, 10.2], [20, 21, 19.5, 20.7])).toBe(true);
    expect(significantlyDifferent([1, 2, 3], [1, 2, 3])).toBe(false);
    expect(welchTTest([5, 5], [5, 5]).pValue).toBe(1);
    expect(welchTTest([1], [2, 3]).pValue).toBeNull();
  });
});
