/**
 * The sweep file schema: a base scenario, a grid of `--set`-style parameter values, policy axes
 * and seeds. Every cell of the grid runs once per seed.
 */
import { z } from "zod";
import { policyNameSchema } from "../scenario/policy-name.js";

/** A `--set`-style path: dotted keys, list entries by index. */
const setPath = z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, "use a dotted field path such as workloads.0.arrival.ratePerS");

/** One policy axis: the registry names (or .js module paths, relative to the base scenario) to try. */
const policyAxis = (family: "queue" | "placement" | "backfill", what: string) =>
  z
    .array(policyNameSchema(family, family === "backfill" ? "none" : family === "queue" ? "fifo" : "first-fit", what))
    .min(1)
    .optional()
    .describe(what);

/** The sweep file: what the grid varies, and over how many seeds. */
export const sweepSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, "use letters, digits, '.', '_' or '-'")
      .optional()
      .describe("Sweep name, used in the default output directory results/sweep-<name> (default: the file name)."),
    description: z.string().optional().describe("Free text shown in the sweep report."),
    scenario: z.string().min(1).describe("Base scenario file (.yaml, .yml or .json), relative to this sweep file."),
    set: z
      .array(z.string())
      .default([])
      .describe("Overrides applied to every cell before the grid, as with --set (PATH=VALUE)."),
    grid: z
      .record(setPath, z.array(z.unknown()).min(1).describe("Values to try for this field (any YAML value)."))
      .default({})
      .describe("Parameter axes: a --set-style field path to a list of values, e.g. workloads.0.arrival.ratePerS: [0.5, 1, 2]."),
    policies: z
      .strictObject({
        queue: policyAxis("queue", "Queue policies to try (scheduler.queue)."),
        placement: policyAxis("placement", "Placement policies to try (scheduler.placement)."),
        backfill: policyAxis("backfill", "Backfill policies to try (scheduler.backfill)."),
      })
      .default({})
      .describe("Policy axes: more grid axes on scheduler.queue, scheduler.placement and scheduler.backfill."),
    seeds: z
      .number()
      .int()
      .positive()
      .max(1000)
      .optional()
      .describe("Replications per cell: seeds seed, seed+1, ... (default: the base scenario's seeds)."),
    seed: z.number().int().nonnegative().optional().describe("First seed (default: the base scenario's seed)."),
  })
  .describe("A gpufleet sweep: base scenario x grid x policies x seeds.");

/** A sweep file after validation and defaults. */
export type SweepSpec = z.output<typeof sweepSchema>;

/** One axis of the grid: a field path and the values it takes. */
export interface SweepAxis {
  /** `--set`-style field path, e.g. `workloads.0.arrival.ratePerS` or `scheduler.queue`. */
  path: string;
  /** Values, in the order of the sweep file. */
  values: unknown[];
  /** True for the policy axes (scheduler.*). */
  policy: boolean;
}

/** The axes of a sweep in order: the grid's, then queue, placement and backfill policies. */
export function sweepAxes(spec: SweepSpec): SweepAxis[] {
  const axes: SweepAxis[] = Object.entries(spec.grid).map(([path, values]) => ({ path, values, policy: path.startsWith("scheduler.") }));
  for (const family of ["queue", "placement", "backfill"] as const) {
    const values = spec.policies[family];
    if (values !== undefined) axes.push({ path: `scheduler.${family}`, values, policy: true });
  }
  return axes;
}
