import { z } from "zod";
import { type ModelName, modelNames } from "../workload/models.js";

const positive = (what: string) => z.number().positive().describe(what);

/** An inline model for training work: size, and optionally the shape for memory and tensor-parallel traffic. */
const inlineModelSchema = z.strictObject({
  parametersB: positive("Parameters in billions."),
  layers: z.number().int().positive().optional().describe("Transformer layers (for activation memory and tensor-parallel traffic)."),
  hiddenSize: z.number().int().positive().optional().describe("Hidden dimension."),
  heads: z.number().int().positive().optional().describe("Attention heads."),
});

/** `work`: a training job whose run time follows from compute and network, not a given duration. */
export const workSchema = z
  .strictObject({
    iterations: z.number().int().positive().describe("Training iterations (optimizer steps)."),
    flopsPerIteration: positive("FLOPs of one iteration over all GPUs (default 6 x parameters x tokensPerIteration).").optional(),
    model: z
      .union([z.enum(modelNames as [ModelName, ...ModelName[]]), inlineModelSchema])
      .optional()
      .describe("A catalog model (llama-3-8b, llama-3-70b, mixtral-8x7b, bge-large-en) or {parametersB, layers, hiddenSize, heads}."),
    tokensPerIteration: positive("Global batch in tokens per iteration.").optional(),
    sequenceLength: z.number().int().positive().default(4096).describe("Tokens per sequence (activation memory)."),
    microBatchSize: z.number().int().positive().default(1).describe("Sequences per micro-batch (activation memory)."),
    allreduceBytes: z.number().nonnegative().optional().describe("Gradient bytes all-reduced per iteration per data-parallel group (default bytesPerParameter x parameters / (tensor x pipeline))."),
    parallelism: z
      .strictObject({
        tensor: z.number().int().positive().default(1).describe("Tensor-parallel degree (kept inside a node when placement allows)."),
        pipeline: z.number().int().positive().default(1).describe("Pipeline-parallel degree."),
        microBatches: z.number().int().positive().default(8).describe("Micro-batches per iteration (pipeline bubble = (pipeline-1)/microBatches)."),
      })
      .prefault({})
      .describe("Parallel layout; data parallelism = gpus / (tensor x pipeline)."),
    dtype: z.enum(["bf16", "fp8", "fp32"]).default("bf16").describe("Compute data type (picks the GPU's peak FLOP/s)."),
    computeEfficiency: z.number().positive().max(1).default(0.45).describe("Model FLOPs utilization: achieved / peak FLOP/s during compute."),
    calibration: z
      .string()
      .min(1)
      .optional()
      .describe("Calibration profile (gpufleet calibrate) measured on the job's GPU type: compute at its GEMM model there (bf16/fp8 peaks from the catalog x computeEfficiency; WGSL sees no tensor cores)."),
    transfer: z
      .enum(["none", "efficiency"])
      .default("none")
      .describe("efficiency: let a profile measured on another device price this GPU type with its efficiency curves and overheads on the catalog's peaks; none: a profile prices only the type it measured."),
    memory: z
      .strictObject({
        bytesPerParameter: positive("Bytes per weight and per gradient (2 for bf16).").default(2),
        optimizerBytesPerParameter: z.number().nonnegative().default(12).describe("Optimizer state bytes per parameter (12: Adam with fp32 master weights)."),
        zeroStage: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).default(0).describe("ZeRO stage: shard optimizer (1), + gradients (2), + weights (3) over data parallelism."),
        recompute: z
          .enum(["none", "selective", "full"])
          .default("selective")
          .describe("Activation recomputation: none, selective (attention only; Megatron's default) or full."),
        activationGiB: z.number().nonnegative().optional().describe("Activation memory per GPU in GiB (default: estimated from the model shape, else 0)."),
      })
      .prefault({})
      .describe("HBM demand per GPU; a job that fits no GPU is rejected with the reason."),
    checkpointIntervalS: positive("Seconds between checkpoints (used by failure recovery).").optional(),
    checkpointBytes: positive("Checkpoint size in bytes (default weights + optimizer states).").optional(),
    checkpointBytesPerS: positive("Storage bandwidth a checkpoint is written at, bytes/s (checkpoint time = size / this).").default(5e9),
    restartOverheadS: z.number().nonnegative().default(120).describe("Seconds a restarted job spends reloading before its first iteration."),
  })
  .superRefine((w, ctx) => {
    if (w.flopsPerIteration === undefined && (w.model === undefined || w.tokensPerIteration === undefined)) {
      ctx.addIssue({ code: "custom", message: "give flopsPerIteration, or model and tokensPerIteration" });
    }
    if (w.allreduceBytes === undefined && w.model === undefined) {
      ctx.addIssue({ code: "custom", path: ["allreduceBytes"], message: "give allreduceBytes or a model (gradient size follows from it)" });
    }
  })
  .describe("Model-driven training: iterations of compute (cost model) and gradient all-reduce (network model).");

/** A validated `work` block. */
export type WorkSpec = z.output<typeof workSchema>;
