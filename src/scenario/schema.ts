import { z } from "zod";
import { clusterSchema, gpuNameSchema } from "./cluster-schema.js";
import { growthSchema } from "./growth-schema.js";
import { MAX_GAMMA_CV, distributionObjectSchema, distributionSchema } from "./distribution-schema.js";
import { policyNameSchema } from "./policy-name.js";
import { workSchema } from "./work-schema.js";
import { experimentSchema } from "./experiment-schema.js";
import { failuresSchema, recoverySchema } from "./failures-schema.js";
import { tenantsSchema } from "./tenants-schema.js";
import { inferenceWorkloadSchema } from "./inference-schema.js";
import { traceWorkloadSchema } from "./trace-schema.js";

const positive = (what: string) => z.number().positive().describe(what);
const gpuName = gpuNameSchema;

const arrivalSchema = z
  .discriminatedUnion("process", [
    z.strictObject({
      process: z.literal("poisson"),
      ratePerS: positive("Mean arrival rate in arrivals per second (exponential inter-arrival times)."),
      growth: growthSchema,
    }),
    z.strictObject({
      process: z.literal("gamma"),
      ratePerS: positive("Mean arrival rate in arrivals per second."),
      cv: positive("Coefficient of variation of inter-arrival times (> 1 is burstier than Poisson; at most 10).").max(MAX_GAMMA_CV),
      growth: growthSchema,
    }),
    z.strictObject({
      process: z.literal("constant"),
      ratePerS: positive("Arrivals per second, evenly spaced (inter-arrival 1/ratePerS)."),
      growth: growthSchema,
    }),
    z.strictObject({
      process: z.literal("diurnal"),
      ratePerS: positive("Mean arrival rate over a period, in arrivals per second."),
      amplitude: z.number().min(0).max(1).default(0.5).describe("Relative swing: rate(t) = ratePerS * (1 + amplitude * cos(2 pi (t - peakS) / periodS))."),
      peakS: z.number().nonnegative().default(50_400).describe("Time of day of the peak, seconds after midnight (default 14:00)."),
      periodS: positive("Length of a cycle in seconds (default one day).").default(86_400),
      growth: growthSchema,
    }),
  ])
  .describe("Arrival process: poisson, gamma (bursty, with cv), constant, or diurnal (rate varying over the day).");

const jobsWorkloadSchema = z
  .strictObject({
    kind: z.literal("jobs").describe("Batch/training jobs that hold a gang of GPUs for a duration."),
    name: z.string().min(1).describe("Workload name, used in job ids and reports."),
    count: z.number().int().positive().optional().describe("Number of arrivals; the workload stops after this many (or at the horizon)."),
    startS: z.number().nonnegative().default(0).describe("Time of the first arrival process start, in seconds."),
    arrival: arrivalSchema,
    gpus: z
      .union([z.number().int().nonnegative(), distributionObjectSchema])
      .default(1)
      .describe("GPUs per job (a gang, all at once): an integer (0 for CPU-only jobs) or a distribution (rounded, at least 1)."),
    gpuType: gpuName.optional().describe("Run only on this GPU model (default: any)."),
    gpuMilli: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(1000)
      .describe("Share of each GPU in milli-GPUs (GPU sharing): 1000 = whole GPUs; below 1000 needs gpus: 1."),
    cpuMilli: z.number().nonnegative().default(0).describe("CPU per job in millicores (checked against node cpuMilli)."),
    memoryMiB: z.number().nonnegative().default(0).describe("Host memory per job in MiB (checked against node memoryMiB)."),
    durationS: distributionSchema.optional().describe("Run time of a job in seconds (a distribution; negative samples clamp to 0). Give this or work."),
    work: workSchema.optional(),
    estimate: z
      .enum(["mean", "exact"])
      .default("mean")
      .describe("What the scheduler knows of a job's run time (SJF, EASY backfill): the distribution's mean, or the exact sampled duration (an oracle)."),
    tenant: z.string().min(1).default("default").describe("Tenant that owns the jobs."),
    checkpoint: z
      .strictObject({
        intervalS: z.number().min(1e-3).describe("Seconds of progress between checkpoints (at least 0.001)."),
        durationS: z.number().nonnegative().default(0).describe("Seconds one checkpoint takes."),
      })
      .optional()
      .describe("Checkpointing of fixed-duration jobs: an interrupted job keeps the progress of its last checkpoint."),
    restartOverheadS: z.number().nonnegative().default(0).describe("Seconds a restarted job spends before it makes progress again."),
    priority: z.number().int().default(0).describe("Priority; larger is more important (queue policy `priority`)."),
  })
  .superRefine((w, ctx) => {
    if (w.gpuMilli < 1000 && w.gpus !== 1) ctx.addIssue({ code: "custom", path: ["gpuMilli"], message: "a GPU share below 1000 needs gpus: 1" });
    if ((w.durationS === undefined) === (w.work === undefined)) {
      ctx.addIssue({ code: "custom", path: w.durationS === undefined ? ["durationS"] : ["work"], message: "give exactly one of durationS (a run time) or work (model-driven training)" });
    }
    if (w.gpus === 0 && w.cpuMilli === 0 && w.memoryMiB === 0) ctx.addIssue({ code: "custom", path: ["gpus"], message: "a CPU-only job (gpus: 0) must ask for cpuMilli or memoryMiB" });
  })
  .describe("A stream of batch jobs.");

/** The scenario file schema: the contract users and CI rely on (DESIGN §5). */
export const scenarioSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "use letters, digits, '.', '_' or '-'").describe("Scenario name, used in the default output directory."),
    description: z.string().optional().describe("Free text shown in reports."),
    seed: z.number().int().nonnegative().default(1).describe("Seed of every named random stream."),
    seeds: z
      .number()
      .int()
      .positive()
      .max(1000)
      .default(1)
      .describe("Replications: run seeds seed, seed+1, ... and report each metric as mean and 95 % confidence interval."),
    horizon: z
      .strictObject({
        durationS: positive("Stop the simulation at this time; jobs still queued or running are reported unfinished.").optional(),
        warmupS: z.number().nonnegative().default(0).describe("Jobs submitted before this time are excluded from latency statistics."),
      })
      .prefault({})
      .describe("When the run stops: at durationS, or when every workload has used its count and all work is done."),
    cluster: clusterSchema,
    workloads: z
      .array(z.discriminatedUnion("kind", [jobsWorkloadSchema, traceWorkloadSchema, inferenceWorkloadSchema]))
      .min(1)
      .describe("What arrives: job streams (kind: jobs), trace replays (kind: job-trace) and LLM services (kind: inference)."),
    experiment: experimentSchema.optional(),
    failures: failuresSchema,
    tenants: tenantsSchema,
    power: z
      .strictObject({
        pue: z.number().min(1).default(1.2).describe("Power usage effectiveness: facility energy / IT energy."),
      })
      .prefault({})
      .describe("Energy model: GPUs draw idle power, and their TDP while computing."),
    prices: z
      .partialRecord(gpuNameSchema, z.number().nonnegative())
      .default({})
      .describe("USD per GPU-hour by GPU model, overriding the catalog's indicative prices."),
    recovery: recoverySchema,
    scheduler: z
      .strictObject({
        queue: policyNameSchema("queue", "fifo", "Queue ordering policy."),
        placement: policyNameSchema("placement", "first-fit", "GPU placement policy."),
        backfill: policyNameSchema("backfill", "none", "Backfilling policy when the head of the queue cannot start."),
        backfillMaxCandidates: z
          .number()
          .int()
          .positive()
          .optional()
          .describe("Most queued jobs one backfill pass examines (as Slurm's bf_max_job_test); unlimited when absent, which keeps EASY exact."),
        preemption: z
          .enum(["none", "reclaim"])
          .default("none")
          .describe("reclaim: a job within its tenant's quota that cannot start preempts the most recent jobs of tenants over their quota (any queue policy)."),
      })
      .prefault({})
      .describe("Scheduling policies (registry names or paths to .js modules)."),
    report: z
      .strictObject({
        sampleIntervalS: z.number().min(1e-3).describe("Interval of timeseries.csv samples in seconds (at least 0.001).").default(60),
        rows: z
          .strictObject({
            jobs: z.enum(["all", "none"]).default("all").describe("all: one jobs.csv row per job; none: no jobs.csv (summaries, quantiles and timeseries stay exact)."),
            requests: z.enum(["all", "none"]).default("all").describe("all: one requests.csv row per request; none: no requests.csv (the requests summary stays exact)."),
          })
          .prefault({})
          .describe("Per-row tables to write: a month of a large fleet need not write gigabytes of rows."),
      })
      .prefault({})
      .describe("Output options."),
  })
  .describe("A gpufleet scenario.");

/** A scenario after validation and defaults. */
export type Scenario = z.output<typeof scenarioSchema>;
/** One `jobs` workload. */
export type JobsWorkload = z.output<typeof jobsWorkloadSchema>;
/** Any workload entry. */
export type Workload = Scenario["workloads"][number];
/** An arrival process. */
export type ArrivalSpec = z.output<typeof arrivalSchema>;
