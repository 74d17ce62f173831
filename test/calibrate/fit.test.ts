import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { fitGemm, fitLaunch, fitLinear, heldOutError } from "../../src/calibrate/fit.js";
import { nelderMead } from "../../src/calibrate/nelder-mead.js";
import { type GemmFit, predictGemmTimeS, predictLinearTimeS } from "../../src/cost/calibration-profile.js";

const shapes = [
  [64, 64, 64], [128, 128, 128], [256, 256, 256], [512, 512, 512], [1024, 1024, 1024], [2048, 2048, 2048],
  [1024, 1024, 256], [256, 1024, 1024], [128, 2048, 128], [1024, 64, 1024], [2048, 1, 2048], [1024, 4, 1024],
  [4096, 2, 512], [8192, 1, 4096], [4096, 4096, 64], [96, 96, 96], [2048, 16, 2048],
].map(([m, n, k]) => ({ m: m ?? 1, n: n ?? 1, k: k ?? 1 }));

/** Relative noise in [-amp, amp), seeded. */
function noisy(seed: string, amp: number): () => number {
  const prng = seedrandom.alea(seed);
  return () => 1 + amp * (prng() * 2 - 1);
}

describe("fitGemm", () => {
  const truth: GemmFit = { peakFlopsPerS: 4e12, memBytesPerS: 8e11, halfSaturationUnits: 60, fixedS: 5e-6 };

  it("recovers known parameters from exact synthetic times", () => {
    const fit = fitGemm(shapes.map((s) => ({ ...s, timeS: predictGemmTimeS(truth, s) })));
    expect(fit.peakFlopsPerS / truth.peakFlopsPerS).toBeCloseTo(1, 2);
    expect(fit.memBytesPerS / truth.memBytesPerS).toBeCloseTo(1, 2);
    expect(fit.halfSaturationUnits / truth.halfSaturationUnits).toBeCloseTo(1, 1);
    expect(fit.fixedS / truth.fixedS).toBeCloseTo(1, 1);
  });

  it("recovers them within a few percent under ±3 % seeded noise, and predicts held-out shapes", () => {
    const noise = noisy("fit-gemm", 0.03);
    const points = shapes.map((s) => ({ ...s, timeS: predictGemmTimeS(truth, s) * noise() }));
    const fit = fitGemm(points.filter((_, i) => i % 4 !== 3));
    expect(Math.abs(fit.peakFlopsPerS / truth.peakFlopsPerS - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.memBytesPerS / truth.memBytesPerS - 1)).toBeLessThan(0.05);
    const held = points.filter((_, i) => i % 4 === 3);
    const err = heldOutError(held.map((p) => predictGemmTimeS(fit, p)), held.map((p) => p.timeS));
    expect(err.count).toBe(held.length);
    expect(err.maxAbsRelError).toBeLessThan(0.08);
  });

  it("needs at least four shapes", () => {
    expect(() => fitGemm(shapes.slice(0, 3).map((s) => ({ ...s, timeS: 1 })))).toThrow(/at least 4/);
  });
});

describe("fitLinear and fitLaunch", () => {
  it("recovers latency and bandwidth of a transfer", () => {
    const truth = { latencyS: 2e-5, bytesPerS: 1.2e10 };
    const noise = noisy("fit-linear", 0.02);
    const sizes = [4096, 65536, 1 << 20, 1 << 24, 1 << 26];
    const fit = fitLinear(sizes.map((bytes) => ({ bytes, timeS: predictLinearTimeS(truth, bytes) * noise() })));
    expect(Math.abs(fit.bytesPerS / truth.bytesPerS - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.latencyS / truth.latencyS - 1)).toBeLessThan(0.1);
  });

  it("splits batch time into submit latency and per-dispatch overhead", () => {
    const points = [1, 4, 16, 64].map((dispatches) => ({ dispatches, timeS: 3e-5 + dispatches * 2e-6 }));
    const fit = fitLaunch(points);
    expect(fit.launchOverheadS).toBeCloseTo(2e-6, 12);
    expect(fit.submitLatencyS).toBeCloseTo(3e-5, 12);
  });
});

describe("heldOutError", () => {
  it("reports the median and maximum relative error", () => {
    const err = heldOutError([1.1, 0.8, 2, 3], [1, 1, 2, 2]);
    expect(err).toEqual({ count: 4, medianAbsRelError: expect.closeTo(0.15, 12), maxAbsRelError: 0.5 });
    expect(heldOutError([], [])).toEqual({ count: 0, medianAbsRelError: 0, maxAbsRelError: 0 });
  });
});

describe("nelderMead", () => {
  it("finds the minimum of the Rosenbrock function", () => {
    const rosenbrock = ([x = 0, y = 0]: number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    const min = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10000, tolerance: 1e-20 });
    expect(min.x[0]).toBeCloseTo(1, 3);
    expect(min.x[1]).toBeCloseTo(1, 3);
  });
});
