import { logGamma } from "../metrics/student-t.js";

/** A validated distribution: a number or a `{dist: ...}` object (as the schema outputs it). */
type DistributionValue = number | ({ dist: string } & Record<string, unknown>);

/** The mean of a validated distribution (NaN when it has none, e.g. an empty list), for feasibility checks. */
export function distributionMean(spec: DistributionValue): number {
  if (typeof spec === "number") return spec;
  const n = (key: string) => spec[key] as number;
  switch (spec.dist) {
    case "constant":
      return n("value");
    case "exponential":
      return n("mean");
    case "lognormal":
      return spec.mean !== undefined ? n("mean") : Math.exp(n("mu") + (n("sigma") * n("sigma")) / 2);
    case "gamma":
      return spec.mean !== undefined ? n("mean") : n("shape") * n("scale");
    case "weibull":
      return n("scale") * Math.exp(logGamma(1 + 1 / n("shape")));
    case "uniform":
      return (n("min") + n("max")) / 2;
    case "normal":
      return Math.max(0, n("mean"));
    case "empirical":
    case "choice": {
      const values = spec.values as number[];
      const weights = (spec.weights as number[] | undefined) ?? values.map(() => 1);
      const total = weights.reduce((a, b) => a + b, 0);
      return values.reduce((sum, v, i) => sum + Math.max(0, v) * (weights[i] ?? 0), 0) / total;
    }
    default:
      return Number.NaN;
  }
}
