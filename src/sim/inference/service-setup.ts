import { ScenarioError, message } from "../../messages.js";
import { serviceFitProblem } from "../../scenario/inference-feasibility.js";
import { calibratedCost, readCalibrationProfile } from "../../cost/calibration-profile.js";
import { type KvCacheCapacity, kvCacheCapacity } from "../../cost/kv-cache-capacity.js";
import { type LlmIterationCost, llmIterationCost } from "../../cost/llm-iteration.js";
import type { GpuSpec } from "../../model/gpus.js";
import { type InferenceServiceSpec, isTraceArrival, type RequestClassSpec, resolveModel } from "../../workload/inference-service.js";
import type { ModelSpec } from "../../workload/models.js";
import { readAzureLlmTrace, readTokenTrace, type TokenTrace } from "../../workload/traces/azure-llm.js";
import type { ServiceHost } from "../service-host.js";
import { DecodeStepCache } from "./decode-step-cache.js";
import { defaultMaxIterationsPerEvent, type ReplicaConfig } from "./replica.js";
import { serviceClasses } from "./request-source.js";

/** Everything derived once from a service's spec: model, hardware, KV capacity, cost model, trace. */
export interface ServiceSetup {
  /** The spec. */
  spec: InferenceServiceSpec;
  /** The model. */
  model: ModelSpec;
  /** The replicas' GPU. */
  gpu: GpuSpec;
  /** KV cache of one replica. */
  capacity: KvCacheCapacity;
  /** Replica engine configuration. */
  config: ReplicaConfig;
  /** Request classes. */
  classes: RequestClassSpec[];
  /** True: a service whose replica can never run (weights do not fit, no node wide enough) is rejected as bad input at setup. */
  feasible: boolean;
  /** KV blocks a sequence of `tokens` tokens needs (0 for embedding models). */
  blocksFor(tokens: number): number;
  /** The token trace, when arrivals replay one. */
  trace: TokenTrace | null;
}

/** Fraction of a link's nominal bandwidth tensor-parallel all-reduces keep when the network gives them nothing. */
const MIN_LINK_FRACTION = 0.01;
/** Cost models kept per service for distinct network shares. */
const MAX_LINK_COSTS = 64;

/** Derive a service's setup; reads the trace and calibration files it names. `maxIterationsPerEvent` 1 selects the one-event-per-iteration path. */
export function setupService(spec: InferenceServiceSpec, host: ServiceHost, maxIterationsPerEvent = defaultMaxIterationsPerEvent): ServiceSetup {
  const model = resolveModel(spec.model);
  const gpu = host.gpuSpec(spec.gpu);
  const tp = spec.replicas.tensorParallel;
  const capacity = kvCacheCapacity(model, gpu, tp, spec.kvCache);
  const { calibration, ...factors } = spec.costModel;
  const calibrated = calibration === undefined ? undefined : calibratedCost(readCalibrationProfile(calibration));
  const cost = llmIterationCost(model, gpu, tp, factors, calibrated);
  const blockTokens = spec.kvCache.blockTokens;
  const linkCosts = new Map<number, { cost: LlmIterationCost; decodeSteps: DecodeStepCache }>();
  const config: ReplicaConfig = {
    cost,
    totalBlocks: capacity.blocks,
    blockTokens,
    maxBatchSize: spec.batching.maxBatchSize,
    maxBatchTokens: spec.batching.maxBatchTokens,
    chunkedPrefill: spec.batching.chunkedPrefill,
    prefillOnly: model.embedding,
    maxIterationsPerEvent,
    decodeSteps: new DecodeStepCache(cost, spec.batching.maxBatchSize),
    costForLink: (edgeBytesPerS) => {
      // A failed port leaves the ring a trickle rather than an iteration that never ends (all-reduces are not rerouted).
      const bytesPerS = Math.max(edgeBytesPerS, MIN_LINK_FRACTION * (gpu.nvlinkBytesPerS > 0 ? gpu.nvlinkBytesPerS / 2 : gpu.pcieBytesPerS));
      let priced = linkCosts.get(bytesPerS);
      if (priced === undefined) {
        if (linkCosts.size >= MAX_LINK_COSTS) linkCosts.clear();
        // The cost model's all-reduce runs over nvlinkBytesPerS / 2 per direction: hand it the network's share.
        const onLink = llmIterationCost(model, { ...gpu, nvlinkBytesPerS: 2 * bytesPerS }, tp, factors, calibrated);
        priced = { cost: onLink, decodeSteps: new DecodeStepCache(onLink, spec.batching.maxBatchSize) };
        linkCosts.set(bytesPerS, priced);
      }
      return priced;
    },
    iterations: host.iterations,
    allReduceBytesPerEdge: (tokens) => (tp <= 1 ? 0 : 2 * model.layers * ((2 * (tp - 1)) / tp) * tokens * model.hiddenSize * model.bytesPerParameter),
  };
  // A service that can never place a replica is bad input (checked at load too; this covers library callers).
  const problem = serviceFitProblem(spec, { nodes: host.cluster.nodes, spec: (type) => host.gpuSpec(type) });
  if (problem !== null) throw new ScenarioError(message.serviceCannotFit("scenario", ["workloads", `(service ${spec.name})`, ...problem.field], spec.name, problem.why));
  const arrival = spec.arrival;
  let trace: TokenTrace | null = null;
  if (isTraceArrival(arrival)) {
    const options = { timeScale: arrival.timeScale, lenient: arrival.lenient, limit: arrival.limit };
    trace = arrival.format === "azure-llm" || arrival.columns === undefined ? readAzureLlmTrace(arrival.trace, options) : readTokenTrace(arrival.trace, arrival.columns, options);
  }
  return {
    spec,
    model,
    gpu,
    capacity,
    config,
    classes: serviceClasses(spec),
    feasible: true,
    blocksFor: (tokens) => (model.embedding ? 0 : Math.ceil(tokens / blockTokens)),
    trace,
  };
}
