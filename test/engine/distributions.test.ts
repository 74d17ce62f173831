import { describe, expect, it } from "vitest";
import {
  createSampler,
  type DistributionSpec,
  distributionMean,
  gammaFunction,
  lognormalParams,
  normalCdf,
  type Sampler,
} from "../../src/engine/distributions.js";
import { RngStreams } from "../../src/engine/rng.js";

const N = 200_000;
/** Tolerance in standard errors: a correct sampler fails a 5-sigma check with probability ~6e-7. */
const Z = 5;

function sampler(spec: DistributionSpec, name = "test"): Sampler {
  return createSampler(spec, new RngStreams(2024).stream(`dist:${name}`));
}

function draw(s: Sampler, n = N): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = s();
  return xs;
}

function sampleMeanVar(xs: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, variance: ss / (xs.length - 1) };
}

/** Analytic raw moments E[X], E[X^2], E[X^3], E[X^4]. */
type RawMoments = readonly [number, number, number, number];

/** Mean, variance and fourth central moment from raw moments. */
function central(m: RawMoments): { mean: number; variance: number; mu4: number } {
  const [e1, e2, e3, e4] = m;
  return {
    mean: e1,
    variance: e2 - e1 * e1,
    mu4: e4 - 4 * e1 * e3 + 6 * e1 * e1 * e2 - 3 * e1 ** 4,
  };
}

/** Check the sample mean (and variance) against analytic moments within Z standard errors. */
function expectMoments(xs: Float64Array, m: RawMoments, checkVariance = true): void {
  const { mean, variance, mu4 } = central(m);
  const sample = sampleMeanVar(xs);
  const n = xs.length;
  const meanSe = Math.sqrt(variance / n);
  expect(Math.abs(sample.mean - mean)).toBeLessThanOrEqual(Z * meanSe);
  if (checkVariance) {
    // Var(s^2) ~ (mu4 - sigma^4) / n for large n.
    const varSe = Math.sqrt((mu4 - variance * variance) / n);
    expect(Math.abs(sample.variance - variance)).toBeLessThanOrEqual(Z * varSe);
  }
}

/** Kolmogorov–Smirnov statistic of a sample against a continuous CDF. */
function ksStatistic(xs: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i] as number);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** KS critical value at alpha = 0.001 (asymptotic: 1.949 / sqrt(n)). */
function ksCritical(n: number): number {
  return 1.949 / Math.sqrt(n);
}

/** Regularized lower incomplete gamma P(a, x) (series / continued fraction, Numerical Recipes). */
function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnGammaA = Math.log(gammaFunction(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 1000; k++) {
      term *= x / (a + k);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - lnGammaA);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - lnGammaA) * h;
}

const gammaRaw = (k: number, theta: number): RawMoments => [
  k * theta,
  k * (k + 1) * theta ** 2,
  k * (k + 1) * (k + 2) * theta ** 3,
  k * (k + 1) * (k + 2) * (k + 3) * theta ** 4,
];
const weibullRaw = (k: number, lambda: number): RawMoments => [
  lambda * gammaFunction(1 + 1 / k),
  lambda ** 2 * gammaFunction(1 + 2 / k),
  lambda ** 3 * gammaFunction(1 + 3 / k),
  lambda ** 4 * gammaFunction(1 + 4 / k),
];
const lognormalRaw = (mu: number, sigma: number): RawMoments =>
  [1, 2, 3, 4].map((k) => Math.exp(k * mu + (k * k * sigma * sigma) / 2)) as unknown as RawMoments;
const discreteRaw = (values: readonly number[], weights: readonly number[]): RawMoments => {
  const total = weights.reduce((a, b) => a + b, 0);
  return [1, 2, 3, 4].map(
    (k) => values.reduce((acc, v, i) => acc + (weights[i] as number) * v ** k, 0) / total,
  ) as unknown as RawMoments;
};

describe("helpers (sanity of the test's own math)", () => {
  it("gammaFunction matches known values", () => {
    expect(gammaFunction(5)).toBeCloseTo(24, 10);
    expect(gammaFunction(1)).toBeCloseTo(1, 12);
    expect(gammaFunction(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 12);
    expect(gammaFunction(1.5)).toBeCloseTo(Math.sqrt(Math.PI) / 2, 12);
    expect(gammaFunction(0.25)).toBeCloseTo(3.625609908221908, 10);
    expect(gammaFunction(10.5) / 1133278.38894878).toBeCloseTo(1, 10);
  });

  it("normalCdf matches known values within 1.5e-7", () => {
    const cases: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447460685429],
      [-1, 0.15865525393145707],
      [1.959963984540054, 0.975],
      [-3, 0.0013498980316301],
      [4, 0.9999683287581669],
    ];
    for (const [x, p] of cases) expect(Math.abs(normalCdf(x) - p)).toBeLessThan(1.5e-7);
  });

  it("regularizedGammaP agrees with the exponential CDF (a = 1) and the chi-square median", () => {
    for (const x of [0.1, 1, 2.5, 10]) expect(regularizedGammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 12);
    expect(regularizedGammaP(2, 3.356694 / 2)).toBeCloseTo(0.5, 5); // chi-square(4) median 3.356694
  });

  it("lognormalParams round-trips mean and cv", () => {
    const { mu, sigma } = lognormalParams(1000, 1.5);
    const mean = Math.exp(mu + (sigma * sigma) / 2);
    const cv = Math.sqrt(Math.exp(sigma * sigma) - 1);
    expect(mean).toBeCloseTo(1000, 8);
    expect(cv).toBeCloseTo(1.5, 12);
  });
});

describe("samplers: moments within 5 standard errors (N = 200k)", () => {
  it("constant, as a bare number and as {dist: constant}", () => {
    const a = draw(sampler(3.5), 1000);
    const b = draw(sampler({ dist: "constant", value: -2 }), 1000);
    expect(a.every((x) => x === 3.5)).toBe(true);
    expect(b.every((x) => x === -2)).toBe(true);
    expect(distributionMean(3.5)).toBe(3.5);
    expect(distributionMean({ dist: "constant", value: -2 })).toBe(-2);
  });

  it("exponential", () => {
    const m = 2.5;
    const xs = draw(sampler({ dist: "exponential", mean: m }));
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    expectMoments(xs, [m, 2 * m ** 2, 6 * m ** 3, 24 * m ** 4]);
    expect(distributionMean({ dist: "exponential", mean: m })).toBe(m);
  });

  it("lognormal from mean and cv", () => {
    const spec = { dist: "lognormal", mean: 200, cv: 1 } as const;
    const { mu, sigma } = lognormalParams(200, 1);
    const xs = draw(sampler(spec));
    expect(xs.every((x) => x > 0)).toBe(true);
    // The mean of X: its estimator has finite variance, so the CLT check applies.
    expectMoments(xs, lognormalRaw(mu, sigma), false);
    // The variance of X has a very heavy-tailed estimator (E[X^8] = 2^28 x mean^8 at cv = 1);
    // check the shape exactly instead: ln X ~ Normal(mu, sigma).
    expectMoments(
      xs.map((x) => Math.log(x)),
      [mu, mu ** 2 + sigma ** 2, mu ** 3 + 3 * mu * sigma ** 2, mu ** 4 + 6 * mu ** 2 * sigma ** 2 + 3 * sigma ** 4],
    );
    expect(distributionMean(spec)).toBe(200);
  });

  it("lognormal from mu and sigma", () => {
    const spec = { dist: "lognormal", mu: 0.3, sigma: 0.5 } as const;
    const xs = draw(sampler(spec));
    expectMoments(xs, lognormalRaw(0.3, 0.5));
    expect(distributionMean(spec)).toBeCloseTo(Math.exp(0.3 + 0.125), 12);
  });

  it.each([
    ["cv < 1", 10, 0.5],
    ["cv = 1", 3, 1],
    ["cv > 1", 4, 2],
  ])("gamma from mean and cv (%s)", (_label, mean, cv) => {
    const spec = { dist: "gamma", mean, cv } as const;
    const k = 1 / (cv * cv);
    const xs = draw(sampler(spec, `gamma:${cv}`));
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    expectMoments(xs, gammaRaw(k, mean / k));
    expect(distributionMean(spec)).toBe(mean);
  });

  it("gamma with cv = 0 is the constant mean", () => {
    expect(draw(sampler({ dist: "gamma", mean: 7, cv: 0 }), 100).every((x) => x === 7)).toBe(true);
  });

  it.each([
    [0.3, 2],
    [0.8, 1.5],
    [1, 1],
    [2.5, 0.4],
    [9, 3],
  ])("gamma from shape %f and scale %f", (shape, scale) => {
    const spec = { dist: "gamma", shape, scale } as const;
    const xs = draw(sampler(spec, `gamma:${shape}`));
    expectMoments(xs, gammaRaw(shape, scale));
    expect(distributionMean(spec)).toBeCloseTo(shape * scale, 12);
  });

  it.each([
    [0.7, 3],
    [1.5, 100],
    [4, 1],
  ])("weibull shape %f scale %f", (shape, scale) => {
    const spec = { dist: "weibull", shape, scale } as const;
    const xs = draw(sampler(spec, `weibull:${shape}`));
    expectMoments(xs, weibullRaw(shape, scale));
    expect(distributionMean(spec)).toBeCloseTo(scale * gammaFunction(1 + 1 / shape), 10);
  });

  it("uniform", () => {
    const [a, b] = [-3, 5];
    const xs = draw(sampler({ dist: "uniform", min: a, max: b }));
    expect(xs.every((x) => x >= a && x < b)).toBe(true);
    const w = b - a;
    const mean = (a + b) / 2;
    const variance = (w * w) / 12;
    // Raw moments from central ones: mu3 = 0, mu4 = w^4 / 80.
    expectMoments(xs, [
      mean,
      variance + mean ** 2,
      mean ** 3 + 3 * mean * variance,
      mean ** 4 + 6 * mean ** 2 * variance + w ** 4 / 80,
    ]);
    expect(distributionMean({ dist: "uniform", min: a, max: b })).toBe(1);
  });

  it("normal", () => {
    const [m, sd] = [10, 3];
    const xs = draw(sampler({ dist: "normal", mean: m, sd }));
    expectMoments(xs, [m, m ** 2 + sd ** 2, m ** 3 + 3 * m * sd ** 2, m ** 4 + 6 * m ** 2 * sd ** 2 + 3 * sd ** 4]);
    expect(distributionMean({ dist: "normal", mean: m, sd })).toBe(m);
  });

  it.each([
    [1, 2],
    [-1, 1],
    [0, 5],
    [3, 0.5],
  ])("distributionMean(normal %f, %f, nonNegative) equals the sample mean of max(X, 0)", (m, sd) => {
    const spec = { dist: "normal", mean: m, sd } as const;
    const clamped = draw(sampler(spec, `normal:${m}:${sd}`)).map((x) => Math.max(x, 0));
    const sample = sampleMeanVar(clamped);
    const analytic = distributionMean(spec, true);
    expect(Math.abs(sample.mean - analytic)).toBeLessThanOrEqual(Z * Math.sqrt(sample.variance / clamped.length));
    // The clamped mean is strictly above both 0 and the unclamped mean.
    expect(analytic).toBeGreaterThan(Math.max(0, m));
  });

  it("distributionMean(normal, nonNegative) with sd = 0 clamps the mean", () => {
    expect(distributionMean({ dist: "normal", mean: -2, sd: 0 }, true)).toBe(0);
    expect(distributionMean({ dist: "normal", mean: 2, sd: 0 }, true)).toBe(2);
    expect(distributionMean({ dist: "normal", mean: -2, sd: 0 })).toBe(-2);
  });

  it("empirical draws each listed value with equal probability", () => {
    const values = [1, 1, 2, 10, 0.5];
    const xs = draw(sampler({ dist: "empirical", values }));
    expectMoments(
      xs,
      discreteRaw(
        values,
        values.map(() => 1),
      ),
    );
    expect(new Set(xs)).toEqual(new Set(values));
    // P(1) = 2/5: binomial standard error.
    const ones = xs.filter((x) => x === 1).length / N;
    expect(Math.abs(ones - 0.4)).toBeLessThanOrEqual(Z * Math.sqrt((0.4 * 0.6) / N));
    expect(distributionMean({ dist: "empirical", values })).toBeCloseTo(2.9, 12);
  });

  it("choice with weights draws each value with its probability", () => {
    const values = [1, 2, 8, 16];
    const weights = [5, 3, 1.5, 0.5];
    const spec = { dist: "choice", values, weights } as const;
    const xs = draw(sampler(spec));
    expectMoments(xs, discreteRaw(values, weights));
    values.forEach((v, i) => {
      const p = (weights[i] as number) / 10;
      const freq = xs.filter((x) => x === v).length / N;
      expect(Math.abs(freq - p)).toBeLessThanOrEqual(Z * Math.sqrt((p * (1 - p)) / N));
    });
    expect(distributionMean(spec)).toBeCloseTo((5 + 6 + 12 + 8) / 10, 12);
  });

  it("choice without weights is uniform over the values", () => {
    const values = [4, 8];
    const xs = draw(sampler({ dist: "choice", values }));
    const fours = xs.filter((x) => x === 4).length / N;
    expect(Math.abs(fours - 0.5)).toBeLessThanOrEqual(Z * Math.sqrt(0.25 / N));
    expect(xs.every((x) => x === 4 || x === 8)).toBe(true);
    expect(distributionMean({ dist: "choice", values })).toBe(6);
  });

  it("sampling is reproducible from the stream", () => {
    const spec = { dist: "gamma", mean: 2, cv: 1.7 } as const;
    expect(draw(sampler(spec), 1000)).toEqual(draw(sampler(spec), 1000));
  });
});

describe("samplers: Kolmogorov–Smirnov against the analytic CDF (alpha = 0.001)", () => {
  const n = 50_000;
  const cases: [string, DistributionSpec, (x: number) => number][] = [
    ["exponential", { dist: "exponential", mean: 3 }, (x) => 1 - Math.exp(-x / 3)],
    ["weibull shape 0.6", { dist: "weibull", shape: 0.6, scale: 2 }, (x) => 1 - Math.exp(-((x / 2) ** 0.6))],
    ["weibull shape 3", { dist: "weibull", shape: 3, scale: 10 }, (x) => 1 - Math.exp(-((x / 10) ** 3))],
    ["normal", { dist: "normal", mean: -1, sd: 2 }, (x) => normalCdf((x + 1) / 2)],
    ["lognormal", { dist: "lognormal", mu: 1, sigma: 0.75 }, (x) => normalCdf((Math.log(x) - 1) / 0.75)],
    ["uniform", { dist: "uniform", min: 2, max: 3 }, (x) => Math.min(1, Math.max(0, x - 2))],
    ["gamma shape 0.3", { dist: "gamma", shape: 0.3, scale: 2 }, (x) => regularizedGammaP(0.3, x / 2)],
    ["gamma shape 2.5", { dist: "gamma", shape: 2.5, scale: 1 }, (x) => regularizedGammaP(2.5, x)],
    ["gamma mean 5 cv 2", { dist: "gamma", mean: 5, cv: 2 }, (x) => regularizedGammaP(0.25, x / 20)],
  ];
  it.each(cases)("%s", (name, spec, cdf) => {
    const xs = draw(sampler(spec, `ks:${name}`), n);
    expect(ksStatistic(xs, cdf)).toBeLessThan(ksCritical(n));
  });

  it("the KS check can fail: exponential samples against the wrong mean", () => {
    const xs = draw(sampler({ dist: "exponential", mean: 3 }, "ks:wrong"), n);
    expect(ksStatistic(xs, (x) => 1 - Math.exp(-x / 3.1))).toBeGreaterThan(ksCritical(n));
  });
});
