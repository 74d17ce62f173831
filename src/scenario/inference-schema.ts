/**
 * The zod schema of an LLM inference workload (`kind: inference`, DESIGN §4-§5). schema.ts adds
 * it to the `workloads` union; its output satisfies `InferenceServiceSpec`.
 */
import { isAbsolute, resolve, dirname } from "node:path";
import { z } from "zod";
import { attentionKernelNames } from "../cost/llm-iteration.js";
import { autoscalerPolicyNames } from "../policies/autoscaler/registry.js";
import { routerPolicyNames } from "../policies/router/registry.js";
import type { InferenceServiceSpec } from "../workload/inference-service.js";
import { modelNames } from "../workload/models.js";
import { gpuNameSchema } from "./cluster-schema.js";
import { growthSchema } from "./growth-schema.js";
import { MAX_GAMMA_CV, distributionSchema } from "./distribution-schema.js";

const positive = (what: string) => z.number().positive().describe(what);
const tokens = (what: string) => z.number().int().positive().describe(what);

const inlineModelSchema = z
  .strictObject({
    name: z.string().min(1).describe("Model name (for messages)."),
    parameters: positive("Total parameters."),
    activeParameters: positive("Parameters active per token (mixture-of-experts; default: parameters).").optional(),
    layers: tokens("Transformer layers."),
    hiddenSize: tokens("Hidden (model) dimension."),
    heads: tokens("Attention heads."),
    kvHeads: tokens("Key/value heads (grouped-query attention; default: heads).").optional(),
    bytesPerParameter: positive("Bytes per parameter and per KV element as served (2 for bf16).").default(2),
    maxContextTokens: tokens("Longest context in tokens.").default(8192),
    embedding: z.boolean().default(false).describe("Encoder-only embedding model: prefill only, no KV cache kept."),
  })
  .transform((m) => ({ ...m, activeParameters: m.activeParameters ?? m.parameters, kvHeads: m.kvHeads ?? m.heads }))
  .describe("A model defined inline.");

const processArrival = z.discriminatedUnion("process", [
  z.strictObject({ process: z.literal("poisson"), ratePerS: positive("Mean requests per second (exponential gaps)."), growth: growthSchema }),
  z.strictObject({ process: z.literal("gamma"), ratePerS: positive("Mean requests per second."), cv: positive("Coefficient of variation of the gaps (> 1 is burstier; at most 10).").max(MAX_GAMMA_CV), growth: growthSchema }),
  z.strictObject({ process: z.literal("constant"), ratePerS: positive("Requests per second, evenly spaced."), growth: growthSchema }),
  z.strictObject({
    process: z.literal("diurnal"),
    ratePerS: positive("Mean requests per second over a period."),
    amplitude: z.number().min(0).max(1).default(0.5).describe("Relative swing of the rate."),
    peakS: z.number().nonnegative().default(50_400).describe("Time of the peak within the period, seconds."),
    periodS: positive("Period in seconds (default one day).").default(86_400),
    growth: growthSchema,
  }),
]);

const traceArrival = z.strictObject({
  trace: z.string().min(1).describe("Trace file, relative to the scenario file (Azure LLM inference 2023: TIMESTAMP,ContextTokens,GeneratedTokens)."),
  format: z.enum(["azure-llm", "csv"]).default("azure-llm").describe("azure-llm, or csv with a column mapping in `columns`."),
  columns: z
    .strictObject({
      time: z.string().min(1).describe("Arrival time column."),
      promptTokens: z.string().min(1).describe("Prompt token column."),
      outputTokens: z.string().min(1).describe("Output token column."),
      timeUnit: z.enum(["s", "ms", "datetime"]).default("s").describe("Unit of the time column: seconds, milliseconds, or a date-time text."),
    })
    .optional()
    .describe("Column mapping of a generic CSV trace (format: csv)."),
  timeScale: positive("Multiply the trace's inter-arrival gaps by this (0.5 = twice the rate).").default(1),
  lenient: z.boolean().default(false).describe("Skip and count bad rows instead of stopping at the first."),
  limit: z.number().int().positive().optional().describe("Use only the first `limit` valid rows."),
});

const sloSchema = z
  .strictObject({
    ttftS: positive("Time-to-first-token target, seconds.").optional(),
    tpotS: positive("Time-per-output-token target (after the first), seconds.").optional(),
    e2eS: positive("End-to-end latency target, seconds.").optional(),
  })
  .describe("Latency targets; a request meets its SLO when every given target holds.");

const classSchema = z.strictObject({
  name: z.string().min(1).describe("Class name (requests.csv `class`): chat, code, embedding, reasoning, ..."),
  weight: positive("Relative share of arrivals.").default(1),
  promptTokens: distributionSchema.optional().describe("Prompt tokens of this class (default: the service's)."),
  outputTokens: distributionSchema.optional().describe("Output tokens of this class; 0 = prefill only, as embeddings (default: the service's)."),
  slo: sloSchema.optional(),
});

const autoscalerSchema = z
  .strictObject({
    policy: z.enum(autoscalerPolicyNames).default("target-utilization").describe("Autoscaler policy."),
    minReplicas: z.number().int().nonnegative().default(1).describe("Fewest replicas."),
    maxReplicas: z.number().int().positive().describe("Most replicas."),
    intervalS: positive("Seconds between scaling decisions.").default(30),
    provisioningDelayS: z.number().nonnegative().default(60).describe("Seconds from taking GPUs to serving (model load)."),
    targetUtilization: z.number().gt(0).max(1).default(0.7).describe("Target busy fraction (target-utilization)."),
    targetOutstanding: positive("Target outstanding requests per replica (queue-length).").default(32),
    scaleDownDelayS: z.number().nonnegative().default(300).describe("Scale down only after the desired count stayed lower this long."),
  })
  .refine((a) => a.minReplicas <= a.maxReplicas, { message: "minReplicas must be <= maxReplicas", path: ["minReplicas"] })
  .describe("Autoscaler: replicas taken from and returned to the shared GPU pool.");

/** A `kind: inference` workload: one LLM service. */
export const inferenceWorkloadSchema = z
  .strictObject({
    kind: z.literal("inference").describe("An LLM inference service: continuous batching, KV cache, router, SLOs."),
    name: z.string().min(1).describe("Service name (requests.csv `service`)."),
    model: z.union([z.enum(modelNames), inlineModelSchema]).describe(`Catalog model (${modelNames.join(", ")}) or an inline model.`),
    gpu: gpuNameSchema.describe("GPU model of the replicas."),
    replicas: z
      .strictObject({
        count: z.number().int().nonnegative().default(1).describe("Replicas at the start."),
        tensorParallel: z.number().int().positive().default(1).describe("GPUs per replica (tensor-parallel degree, on one node)."),
        regions: z.array(z.string().min(1)).min(1).optional().describe("Regions of the replicas, cycled (default: anywhere)."),
      })
      .prefault({})
      .describe("Replicas and their tensor-parallel degree."),
    count: z.number().int().positive().optional().describe("Number of requests; stops after this many (or at the horizon, or the end of the trace)."),
    startS: z.number().nonnegative().default(0).describe("Time the arrivals start, seconds."),
    arrival: z.union([processArrival, traceArrival]).describe("Arrival process (poisson, gamma, constant, diurnal) or { trace: PATH, format: azure-llm }."),
    promptTokens: distributionSchema.default(512).describe("Prompt tokens per request (a distribution, rounded, at least 1)."),
    outputTokens: distributionSchema.default(128).describe("Output tokens per request (rounded; 0 = prefill only)."),
    classes: z.array(classSchema).min(1).optional().describe("Request classes (chat, code, embedding, reasoning) with weights, token distributions and SLOs."),
    batching: z
      .strictObject({
        maxBatchSize: tokens("Most sequences in one iteration.").default(256),
        maxBatchTokens: tokens("Most tokens (prefill + decode) in one iteration.").default(8192),
        chunkedPrefill: z.boolean().default(false).describe("Split long prompts across iterations (Sarathi/vLLM chunked prefill)."),
      })
      .prefault({})
      .describe("Continuous batching limits."),
    kvCache: z
      .strictObject({
        blockTokens: tokens("Tokens per KV block (page).").default(16),
        gpuMemoryUtilization: z.number().gt(0).max(1).default(0.9).describe("Fraction of HBM for weights + KV cache."),
        maxTokens: tokens("Cap on cached tokens per replica (default: what fits).").optional(),
      })
      .prefault({})
      .describe("Paged KV cache."),
    router: z.enum(routerPolicyNames).default("least-outstanding").describe("Router policy across replicas."),
    slo: sloSchema.prefault({}),
    autoscaler: autoscalerSchema.optional(),
    priority: z.number().int().default(1).describe("Priority of the service's GPU claims; larger is more important."),
    tenant: z.string().min(1).default("default").describe("Tenant that owns the service."),
    preemptTraining: z.boolean().default(false).describe("Replicas may preempt running jobs of lower priority to get GPUs."),
    origins: z
      .array(z.strictObject({ region: z.string().min(1).describe("Region name."), weight: positive("Relative share of requests.").default(1) }))
      .min(1)
      .optional()
      .describe("Regions requests come from (default: local to the replicas)."),
    wanLatencyS: z.number().nonnegative().default(0.05).describe("One-way latency between different regions, seconds (counts in TTFT)."),
    regionLatencyS: z.record(z.string(), z.number().nonnegative()).optional().describe("One-way latencies by `from>to` region pair, overriding wanLatencyS."),
    maxRetries: z.number().int().nonnegative().default(2).describe("Retries of a request whose replica was lost, before it fails."),
    maxQueuedRequests: z.number().int().positive().optional().describe("Requests waiting for a replica beyond this are rejected."),
    costModel: z
      .strictObject({
        flopsEfficiency: z.number().gt(0).max(1).default(0.76).describe("Fraction of peak bf16 FLOP/s the GEMMs sustain (0.76: fitted to Vidur's measured A100/H100 kernels)."),
        memoryEfficiency: z.number().gt(0).max(1).default(0.76).describe("Fraction of HBM bandwidth the kernels sustain (0.76: fitted likewise)."),
        iterationOverheadS: z.number().nonnegative().default(0.0005).describe("Fixed time per iteration, seconds."),
        allReduceLatencyS: z.number().nonnegative().default(5e-6).describe("Per-step latency of tensor-parallel all-reduces, seconds."),
        allReduceEfficiency: z.number().gt(0).max(1).default(0.7).describe("Bus-bandwidth efficiency of the all-reduces."),
        attentionKernel: z
          .enum(attentionKernelNames)
          .default("flashinfer")
          .describe(
            "Attention kernel library of the serving stack, each with its own fitted constants: flashinfer (the default; vLLM's FLASHINFER backend, fitted to Vidur's Llama-3-8B A100 kernels: a 24 µs decode floor, causal prompts at ~45 % of bf16 peak) or flash-attention (vLLM's FLASH_ATTENTION backend as Vidur profiled it, fitted to its Llama-2-7B A100 kernels: causal prompts at 17 % of peak, about 3x slower).",
          ),
        calibration: z.string().min(1).optional().describe("Calibration profile JSON (gpufleet calibrate) measured on the service's GPU type, pricing iterations with its measured bandwidth, efficiency curves and overheads."),
        transfer: z
          .enum(["none", "efficiency"])
          .default("none")
          .describe("efficiency: let a profile measured on another device price this GPU type (efficiency curves, overheads and bandwidth fractions move; peaks come from the catalog)."),
      })
      .prefault({})
      .describe("Iteration cost model."),
  })
  .superRefine((w, ctx) => {
    const arrival = w.arrival;
    if ("trace" in arrival && arrival.format === "csv" && arrival.columns === undefined) {
      ctx.addIssue({ code: "custom", path: ["arrival", "columns"], message: "a csv trace needs columns: {time, promptTokens, outputTokens}" });
    }
    if (w.autoscaler !== undefined && (w.replicas.count < w.autoscaler.minReplicas || w.replicas.count > w.autoscaler.maxReplicas)) {
      ctx.addIssue({ code: "custom", path: ["replicas", "count"], message: `must lie within the autoscaler's [minReplicas, maxReplicas] = [${w.autoscaler.minReplicas}, ${w.autoscaler.maxReplicas}]` });
    }
  })
  .describe("An LLM inference service.");

/** One inference workload after validation and defaults. */
export type InferenceWorkload = z.output<typeof inferenceWorkloadSchema>;

/** The validated workload as the simulator takes it (a compile-time check that the types agree). */
export function toInferenceService(workload: InferenceWorkload): InferenceServiceSpec {
  return workload;
}

/** True for an inference workload (by its `kind`). */
export function isInferenceWorkload(workload: { readonly kind: string }): workload is InferenceWorkload {
  return workload.kind === "inference";
}

/** Make trace and calibration paths absolute, relative to the scenario file's directory (after validation). */
export function resolveInferencePaths(workloads: readonly { readonly kind: string }[], scenarioFile: string): void {
  const base = dirname(scenarioFile);
  for (const w of workloads) {
    if (!isInferenceWorkload(w)) continue;
    if ("trace" in w.arrival && !isAbsolute(w.arrival.trace)) w.arrival.trace = resolve(base, w.arrival.trace);
    if (w.costModel.calibration !== undefined && !isAbsolute(w.costModel.calibration)) w.costModel.calibration = resolve(base, w.costModel.calibration);
  }
}
