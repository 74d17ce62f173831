import { isAbsolute, resolve } from "node:path";
import { dirname } from "node:path";
import { z } from "zod";

/** Where a trace workload's jobs come from: a file and its format. */
export const traceSourceSchema = z
  .strictObject({
    path: z.string().min(1).describe("Trace file (an openb pod list CSV), relative to the scenario file."),
    format: z.enum(["openb"]).default("openb").describe("File format: openb (Alibaba cluster-trace-gpu-v2023 pod list)."),
    lenient: z.boolean().default(false).describe("Skip and count bad rows instead of stopping at the first one."),
    limit: z.number().int().positive().optional().describe("Use only the first `limit` valid pods of the file."),
  })
  .describe("The trace file.");

/**
 * A workload replayed from a trace (DESIGN §4, "Arrivals: ... or a trace"): each pod of the file is
 * a job arriving at its creation time (relative to the first pod's), asking for the pod's CPU,
 * memory and GPUs (a share of one GPU or whole GPUs, on one node, of the models its gpu_spec
 * allows), and running for deletion - scheduled time (deletion - creation for pods never scheduled).
 * Under `experiment: fill` the same pods are the population the fill protocol samples from.
 */
export const traceWorkloadSchema = z
  .strictObject({
    kind: z.literal("job-trace").describe("Jobs replayed from a trace file (arrivals, resources and run times from the file)."),
    name: z.string().min(1).describe("Workload name, used in job ids and reports."),
    trace: traceSourceSchema,
    startS: z.number().nonnegative().default(0).describe("Time of the first pod's arrival, in seconds."),
    timeScale: z
      .number()
      .positive()
      .default(1)
      .describe("Multiply trace times (inter-arrival gaps and run times) by this factor (0.5 = twice as fast)."),
    estimate: z
      .enum(["mean", "exact"])
      .default("exact")
      .describe("What the scheduler knows of a job's run time (SJF, EASY backfill): the trace's mean, or the exact one."),
    tenant: z.string().min(1).default("default").describe("Tenant that owns the jobs."),
    priority: z.number().int().default(0).describe("Priority; larger is more important (queue policy `priority`)."),
  })
  .describe("A workload replayed from a trace file.");

/** One trace workload after validation and defaults. */
export type TraceWorkload = z.output<typeof traceWorkloadSchema>;

/** True for a trace workload (by its `kind`). */
export function isTraceWorkload(workload: { readonly kind: string }): workload is TraceWorkload {
  return workload.kind === "job-trace";
}

/** Make every trace path absolute, relative to the scenario file's directory (call after validation). */
export function resolveTracePaths(workloads: readonly { readonly kind: string }[], scenarioFile: string): void {
  for (const workload of workloads) {
    if (isTraceWorkload(workload) && !isAbsolute(workload.trace.path)) workload.trace.path = resolve(dirname(scenarioFile), workload.trace.path);
  }
}
