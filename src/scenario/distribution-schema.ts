import { z } from "zod";

const positive = (what: string) => z.number().positive().describe(what);

/** Largest gamma cv (shape 1/cv^2 >= 0.01): beyond it almost every sample underflows to 0 and events pile up at one instant. */
export const MAX_GAMMA_CV = 10;
/** Smallest gamma shape, the same bound as MAX_GAMMA_CV. */
export const MIN_GAMMA_SHAPE = 1 / (MAX_GAMMA_CV * MAX_GAMMA_CV);
/** Largest lognormal cv: beyond it cv^2 overflows and samples become NaN. */
export const MAX_LOGNORMAL_CV = 1000;
const nonNegative = (what: string) => z.number().nonnegative().describe(what);

const lognormal = z
  .strictObject({
    dist: z.literal("lognormal"),
    mean: positive("Mean of the distribution (with cv).").optional(),
    cv: nonNegative("Coefficient of variation, sd/mean (with mean; at most 1000: beyond it samples overflow).").max(MAX_LOGNORMAL_CV).optional(),
    mu: z.number().describe("Mean of the underlying normal (with sigma).").optional(),
    sigma: nonNegative("Standard deviation of the underlying normal (with mu; at most 10).").max(10).optional(),
  })
  .superRefine((v, ctx) => {
    const byMean = v.mean !== undefined && v.cv !== undefined;
    const byMu = v.mu !== undefined && v.sigma !== undefined;
    if (byMean === byMu) {
      ctx.addIssue({ code: "custom", message: "give either mean and cv, or mu and sigma" });
    }
  })
  .transform((v) => (v.mu !== undefined ? { dist: v.dist, mu: v.mu, sigma: v.sigma as number } : { dist: v.dist, mean: v.mean as number, cv: v.cv as number }));

const gamma = z
  .strictObject({
    dist: z.literal("gamma"),
    mean: positive("Mean (with cv).").optional(),
    cv: nonNegative("Coefficient of variation (with mean; at most 10: beyond it nearly every sample rounds to 0).").max(MAX_GAMMA_CV).optional(),
    shape: positive("Shape k (with scale; at least 0.01).").min(MIN_GAMMA_SHAPE).optional(),
    scale: positive("Scale theta (with shape).").optional(),
  })
  .superRefine((v, ctx) => {
    const byMean = v.mean !== undefined && v.cv !== undefined;
    const byShape = v.shape !== undefined && v.scale !== undefined;
    if (byMean === byShape) ctx.addIssue({ code: "custom", message: "give either mean and cv, or shape and scale" });
  })
  .transform((v) => (v.shape !== undefined ? { dist: v.dist, shape: v.shape, scale: v.scale as number } : { dist: v.dist, mean: v.mean as number, cv: v.cv as number }));

const weibull = z
  .strictObject({
    dist: z.literal("weibull"),
    shape: positive("Shape k (k < 1: infant mortality, k > 1: wear-out; at least 0.05).").min(0.05),
    scale: positive("Scale lambda in the distribution's unit."),
  });

const uniform = z
  .strictObject({
    dist: z.literal("uniform"),
    min: z.number().describe("Lower bound."),
    max: z.number().describe("Upper bound (>= min)."),
  })
  .refine((v) => v.max >= v.min, { message: "max must be >= min" });

const valueList = z.array(z.number()).min(1).describe("Values to draw from.");

/**
 * A distribution as a `{dist: ..., params}` mapping. Families: constant,
 * exponential, lognormal (mean+cv or mu+sigma), gamma (mean+cv or shape+scale), weibull, uniform,
 * normal (durations clamp at 0), empirical (resample values), choice (weighted values).
 */
export const distributionObjectSchema = z.discriminatedUnion("dist", [
      z.strictObject({ dist: z.literal("constant"), value: z.number().describe("The value.") }),
      z.strictObject({ dist: z.literal("exponential"), mean: positive("Mean (1/rate).") }),
      lognormal,
      gamma,
      weibull,
      uniform,
      z.strictObject({ dist: z.literal("normal"), mean: z.number().describe("Mean."), sd: nonNegative("Standard deviation.") }),
      z.strictObject({ dist: z.literal("empirical"), values: valueList }),
      z
        .strictObject({
          dist: z.literal("choice"),
          values: valueList,
          weights: z.array(z.number().nonnegative()).describe("Relative weights, one per value (default: equal).").optional(),
        })
        .refine((v) => v.weights === undefined || (v.weights.length === v.values.length && v.weights.some((w) => w > 0)), {
          message: "weights must have one entry per value and at least one positive",
        }),
    ]);

/** A distribution: a bare number (constant) or a `{dist: ...}` mapping. */
export const distributionSchema = z
  .union([z.number().describe("A constant value."), distributionObjectSchema])
  .describe("A number (constant) or {dist: exponential|lognormal|gamma|weibull|uniform|normal|constant|empirical|choice, ...}.");

/** Distribution families, as `dist:` names them. */
export const distributionFamilies = ["constant", "exponential", "lognormal", "gamma", "weibull", "uniform", "normal", "empirical", "choice"] as const;
