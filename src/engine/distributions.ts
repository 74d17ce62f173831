import type { RandomStream } from "./rng.js";

/**
 * Probability distributions as plain data (what a scenario file holds) and samplers over a named
 * random stream. A bare number is a constant. Samples used as durations are clamped at 0 by the
 * caller's choice of `nonNegative` (normal is the only family that can go below 0).
 */
export type DistributionSpec =
  | number
  | { dist: "constant"; value: number }
  | { dist: "exponential"; mean: number }
  | { dist: "lognormal"; mean: number; cv: number }
  | { dist: "lognormal"; mu: number; sigma: number }
  | { dist: "gamma"; mean: number; cv: number }
  | { dist: "gamma"; shape: number; scale: number }
  | { dist: "weibull"; shape: number; scale: number }
  | { dist: "uniform"; min: number; max: number }
  | { dist: "normal"; mean: number; sd: number }
  | { dist: "empirical"; values: number[] }
  | { dist: "choice"; values: number[]; weights?: number[] };

/** A function drawing one sample per call. */
export type Sampler = () => number;

/** Standard normal via Box–Muller; the spare value is kept so each pair costs one log and one sqrt. */
function normalSampler(stream: RandomStream): Sampler {
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = Number.NaN;
      return s;
    }
    let u = 0;
    while (u === 0) u = stream.next();
    const v = stream.next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Gamma(shape, scale) by Marsaglia & Tsang (2000); shape < 1 uses the boost U^(1/shape). */
function gammaSampler(shape: number, scale: number, stream: RandomStream): Sampler {
  const normal = normalSampler(stream);
  const boosted = shape < 1;
  const d = (boosted ? shape + 1 : shape) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  return () => {
    let x: number;
    let v: number;
    for (;;) {
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = stream.next();
      if (u < 1 - 0.0331 * x * x * x * x) break;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) break;
    }
    let g = d * v;
    if (boosted) {
      let u = 0;
      while (u === 0) u = stream.next();
      g *= u ** (1 / shape);
    }
    return g * scale;
  };
}

/** Lognormal (mu, sigma) of the underlying normal from a mean and coefficient of variation. */
export function lognormalParams(mean: number, cv: number): { mu: number; sigma: number } {
  const sigma2 = Math.log(1 + cv * cv);
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** Build a sampler for `spec` drawing from `stream`. */
export function createSampler(spec: DistributionSpec, stream: RandomStream): Sampler {
  if (typeof spec === "number") return () => spec;
  switch (spec.dist) {
    case "constant": {
      const value = spec.value;
      return () => value;
    }
    case "exponential": {
      const mean = spec.mean;
      return () => -mean * Math.log(1 - stream.next());
    }
    case "lognormal": {
      const { mu, sigma } = "mu" in spec ? spec : lognormalParams(spec.mean, spec.cv);
      const normal = normalSampler(stream);
      return () => Math.exp(mu + sigma * normal());
    }
    case "gamma": {
      if ("shape" in spec) return gammaSampler(spec.shape, spec.scale, stream);
      if (spec.cv === 0) return () => spec.mean;
      const shape = 1 / (spec.cv * spec.cv);
      return gammaSampler(shape, spec.mean / shape, stream);
    }
    case "weibull": {
      const { shape, scale } = spec;
      return () => scale * (-Math.log(1 - stream.next())) ** (1 / shape);
    }
    case "uniform": {
      const { min, max } = spec;
      return () => min + (max - min) * stream.next();
    }
    case "normal": {
      const { mean, sd } = spec;
      const normal = normalSampler(stream);
      return () => mean + sd * normal();
    }
    case "empirical": {
      const values = Float64Array.from(spec.values);
      return () => values[Math.floor(stream.next() * values.length)] as number;
    }
    case "choice": {
      const values = Float64Array.from(spec.values);
      const weights = spec.weights ?? spec.values.map(() => 1);
      const cumulative = new Float64Array(weights.length);
      let total = 0;
      for (let i = 0; i < weights.length; i++) {
        total += weights[i] as number;
        cumulative[i] = total;
      }
      return () => {
        const u = stream.next() * total;
        // Linear scan: choice lists are short (a handful of GPU counts or classes).
        for (let i = 0; i < cumulative.length; i++) if (u < (cumulative[i] as number)) return values[i] as number;
        return values[values.length - 1] as number;
      };
    }
  }
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 through erf; |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Lanczos approximation of the gamma function (for the Weibull mean). */
export function gammaFunction(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const xm = x - 1;
  let a = c[0] as number;
  const t = xm + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += (c[i] as number) / (xm + i);
  return Math.sqrt(2 * Math.PI) * t ** (xm + 0.5) * Math.exp(-t) * a;
}

/**
 * The mean of a distribution. With `nonNegative`, the mean of the normal truncated at 0
 * (what duration samplers produce), so estimates match what the simulation draws.
 */
export function distributionMean(spec: DistributionSpec, nonNegative = false): number {
  if (typeof spec === "number") return spec;
  switch (spec.dist) {
    case "constant":
      return spec.value;
    case "exponential":
      return spec.mean;
    case "lognormal":
      return "mu" in spec ? Math.exp(spec.mu + (spec.sigma * spec.sigma) / 2) : spec.mean;
    case "gamma":
      return "shape" in spec ? spec.shape * spec.scale : spec.mean;
    case "weibull":
      return spec.scale * gammaFunction(1 + 1 / spec.shape);
    case "uniform":
      return (spec.min + spec.max) / 2;
    case "normal": {
      if (!nonNegative || spec.sd === 0) return nonNegative ? Math.max(0, spec.mean) : spec.mean;
      // E[max(X, 0)] for X ~ N(mean, sd): samples below 0 are clamped to 0, not redrawn.
      const z = spec.mean / spec.sd;
      const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      return spec.mean * normalCdf(z) + spec.sd * pdf;
    }
    case "empirical":
      return spec.values.reduce((a, b) => a + b, 0) / spec.values.length;
    case "choice": {
      const weights = spec.weights ?? spec.values.map(() => 1);
      const total = weights.reduce((a, b) => a + b, 0);
      return spec.values.reduce((acc, v, i) => acc + v * (weights[i] as number), 0) / total;
    }
  }
}
