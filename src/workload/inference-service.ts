/**
 * An LLM inference service as the simulator takes it (DESIGN §4, §5 `kind: inference`): a plain
 * interface that the zod output of `src/scenario/inference-schema.ts` satisfies, so tests and
 * other front ends can build services without the schema.
 */
import type { AttentionKernelName } from "../cost/llm-iteration.js";
import type { DistributionSpec } from "../engine/distributions.js";
import type { GpuName } from "../model/gpus.js";
import type { ArrivalProcessSpec } from "./arrivals.js";
import { type ModelName, type ModelSpec, modelCatalog } from "./models.js";

/** A model defined inline in the scenario (fields of ModelSpec; some have defaults in the schema). */
export type InlineModelSpec = ModelSpec;

/** Replay arrivals and token counts from a file instead of drawing them. */
export interface TraceArrivalSpec {
  /** Trace file (absolute, or relative to the working directory). */
  trace: string;
  /** File format: Azure LLM inference 2023, or a generic CSV with a column mapping. */
  format: "azure-llm" | "csv";
  /** Column mapping of a generic CSV (format csv). */
  columns?: { time: string; promptTokens: string; outputTokens: string; timeUnit: "s" | "ms" | "datetime" } | undefined;
  /** Multiply inter-arrival gaps by this factor (0.5 = twice the rate). */
  timeScale: number;
  /** Skip and count bad rows instead of stopping. */
  lenient: boolean;
  /** Use only the first `limit` rows. */
  limit?: number | undefined;
}

/** A request class: its share of arrivals, token distributions and SLO. */
export interface RequestClassSpec {
  /** Class name (requests.csv `class`). */
  name: string;
  /** Relative weight among the service's classes. */
  weight: number;
  /** Prompt tokens (default: the service's). */
  promptTokens?: DistributionSpec | undefined;
  /** Output tokens; 0 for prefill-only (embedding) requests (default: the service's). */
  outputTokens?: DistributionSpec | undefined;
  /** SLO of this class (default: the service's). */
  slo?: SloSpec | undefined;
}

/** Latency targets; a request meets its SLO when every given target holds. */
export interface SloSpec {
  /** Time to first token, seconds. */
  ttftS?: number | undefined;
  /** Time per output token after the first, seconds. */
  tpotS?: number | undefined;
  /** End-to-end latency, seconds. */
  e2eS?: number | undefined;
}

/** An optional autoscaler. */
export interface AutoscalerSpec {
  /** Autoscaler policy name (src/policies/autoscaler/registry.ts). */
  policy: string;
  /** Fewest replicas. */
  minReplicas: number;
  /** Most replicas. */
  maxReplicas: number;
  /** Seconds between decisions. */
  intervalS: number;
  /** Seconds from taking GPUs to serving (model load). */
  provisioningDelayS: number;
  /** Target busy fraction (target-utilization). */
  targetUtilization: number;
  /** Target outstanding requests per replica (queue-length). */
  targetOutstanding: number;
  /** A scale-down happens only after the desired count stayed lower this long. */
  scaleDownDelayS: number;
}

/** One inference service. */
export interface InferenceServiceSpec {
  kind: "inference";
  /** Service name. */
  name: string;
  /** Catalog model name, or an inline model. */
  model: ModelName | InlineModelSpec;
  /** GPU model of the replicas. */
  gpu: GpuName;
  /** Initial replicas and their tensor-parallel degree. */
  replicas: { count: number; tensorParallel: number; regions?: string[] | undefined };
  /** Number of arrivals (undefined: until the horizon or the end of the trace). */
  count?: number | undefined;
  /** Time the arrival process starts. */
  startS: number;
  /** Arrival process, or a trace. */
  arrival: ArrivalProcessSpec | TraceArrivalSpec;
  /** Prompt tokens per request. */
  promptTokens: DistributionSpec;
  /** Output tokens per request. */
  outputTokens: DistributionSpec;
  /** Request classes (undefined: one class named `default`). */
  classes?: RequestClassSpec[] | undefined;
  /** Continuous batching limits. */
  batching: { maxBatchSize: number; maxBatchTokens: number; chunkedPrefill: boolean };
  /** Paged KV cache. */
  kvCache: { blockTokens: number; gpuMemoryUtilization: number; maxTokens?: number | undefined };
  /** Router policy name (src/policies/router/registry.ts). */
  router: string;
  /** Service SLO. */
  slo: SloSpec;
  /** Autoscaler (undefined: a fixed replica count). */
  autoscaler?: AutoscalerSpec | undefined;
  /** Priority of the service's GPU claims (training jobs below it may be preempted). */
  priority: number;
  /** Tenant. */
  tenant: string;
  /** Replicas may preempt lower-priority training jobs to get GPUs. */
  preemptTraining: boolean;
  /** Where requests come from (undefined: the first replica's region). */
  origins?: { region: string; weight: number }[] | undefined;
  /** One-way WAN latency between different regions, seconds. */
  wanLatencyS: number;
  /** Per-pair one-way latencies `from>to` overriding wanLatencyS. */
  regionLatencyS?: Record<string, number> | undefined;
  /** Retries of a request whose replica was lost, before it fails. */
  maxRetries: number;
  /** Requests waiting for a replica beyond this are rejected (undefined: no limit). */
  maxQueuedRequests?: number | undefined;
  /** Cost-model factors. */
  costModel: { flopsEfficiency: number; memoryEfficiency: number; iterationOverheadS: number; allReduceLatencyS: number; allReduceEfficiency: number; attentionKernel?: AttentionKernelName | undefined; calibration?: string | undefined };
}

/** True when an arrival spec is a trace. */
export function isTraceArrival(arrival: ArrivalProcessSpec | TraceArrivalSpec): arrival is TraceArrivalSpec {
  return "trace" in arrival;
}

/** The service's model: the catalog entry or the inline definition. */
export function resolveModel(model: ModelName | InlineModelSpec): ModelSpec {
  return typeof model === "string" ? modelCatalog[model] : model;
}
