import { z } from "zod";

/** `growth` of an arrival process: the rate grows over simulated time (a quarter of demand growth in one scenario). */
export const growthSchema = z
  .union([
    z.strictObject({
      perMonth: z.number().min(0).max(10).describe("Compound growth of the rate per 30-day month: 0.1 = +10 % a month, rate(t) = ratePerS * 1.1^(t / 2592000)."),
    }),
    z.strictObject({
      steps: z
        .array(
          z.strictObject({
            atS: z.number().nonnegative().describe("Simulated time of the step, seconds (2592000 = 30 days)."),
            factor: z.number().positive().max(1000).describe("Multiplier of the base ratePerS from atS on (not compounded with earlier steps)."),
          }),
        )
        .min(1)
        .refine((steps) => steps.every((s, i) => i === 0 || s.atS > (steps[i - 1] as { atS: number }).atS), { message: "steps must have strictly increasing atS" })
        .describe("Piecewise constant growth: the rate is ratePerS before the first step, ratePerS * factor from each step's atS on."),
    }),
  ])
  .optional()
  .describe("Demand growth over simulated time (from t = 0): { perMonth: 0.1 } or { steps: [{ atS, factor }, ...] }. Absent: a constant rate.");
