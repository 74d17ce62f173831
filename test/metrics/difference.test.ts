import fc from "fast-check";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { welchTTest } from "../../src/metrics/confidence.js";
import { pairedDifference, welchDifference } from "../../src/metrics/difference.js";

describe("differences of two configurations over seeds", () => {
  it("paired t on a hand-computed example (d = 1, 2, 2)", () => {
    const base = [10, 12, 14];
    const other = [11, 14, 16];
    const d = pairedDifference(other, base);
    // d̄ = 5/3, s_d = 1/√3, se = 1/3, t(0.975, 2) = 4.302652729911275, t = 5; df 2: p = 1 − t/√(t² + 2).
    const tq = 4.302652729911275;
    expect(d.method).toBe("paired-t");
    expect(d.n).toBe(3);
    expect(d.meanDiff).toBeCloseTo(5 / 3, 12);
    expect(d.ciLow).toBeCloseTo(5 / 3 - tq / 3, 9);
    expect(d.ciHigh).toBeCloseTo(5 / 3 + tq / 3, 9);
    expect(d.pValue).toBeCloseTo(1 - 5 / Math.sqrt(27), 9);
    expect(d.excludesZero).toBe(true);
    // Unpaired, the same values: var 4 and 19/3, se² = 4/3 + 19/9; the interval straddles 0.
    const w = welchDifference(other, base);
    expect(w.method).toBe("welch");
    const se = Math.sqrt(4 / 3 + 19 / 9);
    const welch = welchTTest(other, base);
    expect(welch.t).toBeCloseTo(5 / 3 / se, 9);
    expect((w.ciHigh as number) - (w.meanDiff as number)).toBeGreaterThan(tq / 3);
    expect(w.ciLow as number).toBeLessThan(0);
    expect(w.excludesZero).toBe(false);
    expect(w.pValue).toBeCloseTo(welch.pValue as number, 12);
  });

  it("Welch's interval is mean diff ± t(df)·se with the Welch–Satterthwaite df", () => {
    const x = [3, 5, 4, 8];
    const y = [1, 2, 2, 1, 3];
    const w = welchDifference(x, y);
    const { df } = welchTTest(x, y);
    const vx = ((3 - 5) ** 2 + 0 + 1 + 9) / 3; // mean 5
    const vy = ((1 - 1.8) ** 2 * 2 + (2 - 1.8) ** 2 * 2 + (3 - 1.8) ** 2) / 4;
    const se = Math.sqrt(vx / 4 + vy / 5);
    expect(w.meanDiff).toBeCloseTo(3.2, 12);
    // t(0.975, df) from the interval's half-width, checked against the p-value's consistency below.
    const half = ((w.ciHigh as number) - (w.ciLow as number)) / 2;
    expect(half / se).toBeGreaterThan(2.0);
    expect(half / se).toBeLessThan(4.31);
    expect(df).toBeGreaterThan(3);
    expect(w.excludesZero).toBe((w.pValue as number) < 0.05);
  });

  it("identical runs on the same seeds: zero difference, p = 1; a constant shift is certain", () => {
    const a = [5, 7, 9, 4];
    expect(pairedDifference(a, a)).toMatchObject({ meanDiff: 0, ciLow: 0, ciHigh: 0, pValue: 1, excludesZero: false });
    expect(pairedDifference(a.map((v) => v + 2), a)).toMatchObject({ meanDiff: 2, ciLow: 2, ciHigh: 2, pValue: 0, excludesZero: true });
    expect(pairedDifference([1], [2])).toMatchObject({ n: 1, meanDiff: -1, ciLow: null, pValue: null });
    expect(() => pairedDifference([1, 2], [1])).toThrow(/differ in length/);
  });

  it("common random numbers: positively correlated runs give a narrower paired interval than Welch's", () => {
    const rng = seedrandom("crn");
    let narrower = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      // A shared per-seed component (the seed's luck) much larger than each configuration's own noise.
      const seedEffect = Array.from({ length: 6 }, () => 100 * rng());
      const a = seedEffect.map((s) => s + 5 * rng());
      const b = seedEffect.map((s) => s + 3 + 5 * rng());
      const p = pairedDifference(b, a);
      const w = welchDifference(b, a);
      if ((p.ciHigh as number) - (p.ciLow as number) < (w.ciHigh as number) - (w.ciLow as number)) narrower++;
    }
    expect(narrower).toBe(trials);
  });

  it("property: the interval excludes 0 exactly when p < 0.05, and contains the mean difference", () => {
    const sample = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 10 });
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const n = Math.min(x.length, y.length);
        for (const d of [pairedDifference(x.slice(0, n), y.slice(0, n)), welchDifference(x, y)]) {
          expect(d.ciLow as number).toBeLessThanOrEqual(d.meanDiff as number);
          expect(d.ciHigh as number).toBeGreaterThanOrEqual(d.meanDiff as number);
          const p = d.pValue as number;
          // Away from the boundary (rounding), the interval and the test agree.
          if (Math.abs(p - 0.05) > 1e-6) expect(d.excludesZero).toBe(p < 0.05);
        }
      }),
    );
  });
});
