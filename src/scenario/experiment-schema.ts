import { z } from "zod";

/** The fill experiment's settings (the GPU-sharing study's protocol, Weng et al., ATC '23). */
export const fillExperimentSchema = z
  .strictObject({
    mode: z.literal("fill").describe("Fill the cluster once: pods arrive one at a time and never leave."),
    workloadRatio: z
      .number()
      .min(0.01)
      .max(10)
      .default(1.3)
      .describe("Sample pods (with replacement) until their GPU request reaches this multiple of the cluster's GPU capacity (the study: 1.3)."),
    stepPct: z.number().positive().max(100).default(1).describe("fill.csv has a row at every stepPct % of arrived workload."),
    target: z
      .strictObject({
        popularityPct: z
          .number()
          .min(1)
          .max(100)
          .default(95)
          .describe("Target workload for the fragmentation measure (and FGD): the most popular pod classes covering this % of the pods."),
        includeCpuOnly: z.boolean().default(true).describe("Count CPU-only pods as a class of the target workload."),
      })
      .prefault({})
      .describe("How the target workload M is drawn from the trace's pods."),
  })
  .describe("The fill experiment.");

/** Defaults of the fill experiment, for the `experiment: fill` shorthand. */
const fillDefaults = fillExperimentSchema.parse({ mode: "fill" });

/**
 * The scenario's `experiment` field (DESIGN §5): `fill` or `{mode: fill, ...}`. Without it a
 * scenario is simulated in time. Add as `experiment: experimentSchema.optional()`.
 */
export const experimentSchema = z
  .union([z.literal("fill").describe("Shorthand for {mode: fill} with every default."), fillExperimentSchema])
  .transform((value) => (value === "fill" ? structuredClone(fillDefaults) : value))
  .describe("Run an experiment instead of a simulation in time: `fill` (the GPU-sharing fill protocol: fill.csv, summary.fill).");

/** The fill experiment's settings after validation and defaults. */
export type FillExperiment = z.output<typeof fillExperimentSchema>;
/** The `experiment` field after validation. */
export type Experiment = z.output<typeof experimentSchema>;
