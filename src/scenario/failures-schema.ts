import { z } from "zod";
import { distributionSchema } from "./distribution-schema.js";

const targets = ["gpu", "node", "link", "rack", "region"] as const;
const linkClasses = ["nic", "leaf-uplink", "spine", "wan", "nvlink", "pcie"] as const;

/** A stochastic failure process for every component of a class. */
const processSchema = z.strictObject({
  target: z.enum(targets).describe("Component class: gpu, node (its GPUs and host), link (bandwidth), rack (all its nodes) or region."),
  timeToFailureS: distributionSchema.describe("Time to failure of each component, from start or its last repair (exponential with mean = MTBF; weibull for wear-out)."),
  repairS: distributionSchema.describe("Repair time in seconds, once a repair crew takes the component."),
  linkClass: z.enum(linkClasses).default("leaf-uplink").describe("For target link: which links fail."),
  degradeTo: z.number().min(0).max(1).default(0).describe("For target link: fraction of bandwidth left while failed (0: down)."),
});

/** A failure at a given time of one named component. */
const scriptedSchema = z.strictObject({
  at: z.number().nonnegative().describe("Time of the failure in seconds."),
  target: z.enum(targets).describe("Component class."),
  id: z.string().min(1).describe("Component id: GPU index (gpu), node id such as rack0-node3 (node), rack name, region name, or link name (as in timeseries.csv topLink)."),
  repairS: distributionSchema.describe("Repair time in seconds."),
  degradeTo: z.number().min(0).max(1).default(0).describe("For target link: fraction of bandwidth left while failed."),
});

/** Stragglers: GPUs that run slower for a while (model-driven jobs on them slow down). */
const stragglerSchema = z.strictObject({
  target: z.literal("straggler").describe("A GPU running slower for a while."),
  timeToFailureS: distributionSchema.describe("Time between straggler episodes of each GPU."),
  durationS: distributionSchema.describe("How long an episode lasts."),
  slowdown: z.number().min(1).default(2).describe("Factor by which the GPU slows down (2 = half speed)."),
});

/** `failures`: stochastic processes, scripted failures and stragglers (each with its own RNG stream). */
export const failuresSchema = z
  .array(z.union([scriptedSchema, stragglerSchema, processSchema]))
  .default([])
  .describe("Failure processes per component class, scripted failures ({at, target, id, repairS}) and stragglers.");

/** `recovery`: how work and repairs respond to failures. */
export const recoverySchema = z
  .strictObject({
    requeue: z.enum(["same-priority", "front"]).default("front").describe("Where an interrupted job goes back in the queue: by its usual order, or the front."),
    maxRestarts: z.number().int().nonnegative().default(20).describe("A job interrupted more often than this fails (status failed)."),
    repairCrews: z.number().int().positive().optional().describe("Repairs in progress at once (default unlimited); further failed components wait for a crew."),
  })
  .prefault({})
  .describe("Recovery from failures: requeueing, restart limit, repair crews.");

/** Validated `failures` entries. */
export type FailureSpec = z.output<typeof failuresSchema>[number];
/** Validated `recovery` block. */
export type RecoverySpec = z.output<typeof recoverySchema>;
