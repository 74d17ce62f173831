import type { CalibrationProfile } from "../cost/calibration-profile.js";
import { deviceCost, profileGpu, profileUse } from "../cost/profile-on-gpu.js";
import { type GpuName, type GpuSpec, gpuCatalog } from "../model/gpus.js";
import { type MemoryBreakdown, type Recompute, trainingMemoryPerGpu } from "../model/memory.js";
import { type ModelName, modelCatalog } from "./models.js";

/** The `work` block of a training job (validated scenario data). */
export interface TrainingWorkSpec {
  iterations: number;
  flopsPerIteration?: number | undefined;
  model?: ModelName | { parametersB: number; layers?: number | undefined; hiddenSize?: number | undefined; heads?: number | undefined } | undefined;
  tokensPerIteration?: number | undefined;
  sequenceLength: number;
  microBatchSize: number;
  allreduceBytes?: number | undefined;
  parallelism: { tensor: number; pipeline: number; microBatches: number };
  dtype: "bf16" | "fp8" | "fp32";
  computeEfficiency: number;
  calibration?: string | undefined;
  /** `efficiency`: let a profile measured on another GPU type price this one (its efficiency curves and overheads only). */
  transfer?: "none" | "efficiency" | undefined;
  memory: { bytesPerParameter: number; optimizerBytesPerParameter: number; zeroStage: 0 | 1 | 2 | 3; recompute: Recompute; activationGiB?: number | undefined };
  checkpointIntervalS?: number | undefined;
  checkpointBytes?: number | undefined;
  checkpointBytesPerS: number;
  restartOverheadS: number;
}

/** A training job's plan for a given GPU count: what each iteration computes and communicates. */
export interface TrainingPlan {
  /** Iterations to run. */
  iterations: number;
  /** FLOPs per iteration over all GPUs. */
  flopsPerIteration: number;
  /** Data type for the peak FLOP/s. */
  dtype: "bf16" | "fp8" | "fp32";
  /** Achieved / peak FLOP/s. */
  computeEfficiency: number;
  /** A calibration profile pricing the compute (see cost/profile-on-gpu.ts), and whether it may transfer to other GPU types. */
  calibration?: { profile: CalibrationProfile; transfer: boolean } | undefined;
  /** Parallel degrees. */
  tensor: number;
  pipeline: number;
  data: number;
  /** Pipeline bubble factor (1 + (pipeline − 1) / microBatches). */
  bubbleFactor: number;
  /** Gradient bytes all-reduced per iteration by each data-parallel group. */
  allreduceBytes: number;
  /** Bytes all-reduced per iteration by each tensor-parallel group (0 without TP or a model shape). */
  tensorParallelBytes: number;
  /** HBM per GPU by allocation. */
  memory: MemoryBreakdown;
  /** Seconds between checkpoints, if the job checkpoints. */
  checkpointIntervalS: number | undefined;
  /** Checkpoint size in bytes. */
  checkpointBytes: number;
  /** Time one checkpoint takes (size / storage bandwidth), seconds. */
  checkpointS: number;
  /** Time a restarted job needs before its first iteration (reload, re-initialize), seconds. */
  restartOverheadS: number;
}

/** Why a job's GPU count does not fit its parallel layout, or null when it does. */
export function layoutProblem(work: TrainingWorkSpec, gpus: number): string | null {
  const modelParallel = work.parallelism.tensor * work.parallelism.pipeline;
  return gpus % modelParallel === 0 ? null : `${gpus} GPUs is not a multiple of tensor x pipeline = ${modelParallel}`;
}

/** Build the plan of a job with `gpus` GPUs (call `layoutProblem` first). */
export function trainingPlan(work: TrainingWorkSpec, gpus: number): TrainingPlan {
  const { tensor, pipeline, microBatches } = work.parallelism;
  const data = gpus / (tensor * pipeline);
  const model = typeof work.model === "string" ? modelCatalog[work.model] : work.model;
  const parameters = model === undefined ? 0 : "parametersB" in model ? model.parametersB * 1e9 : model.parameters;
  const layers = model?.layers;
  const hiddenSize = model?.hiddenSize;
  const heads = model?.heads;
  const flopsPerIteration = work.flopsPerIteration ?? 6 * parameters * (work.tokensPerIteration ?? 0);
  const bytesPerParameter = work.memory.bytesPerParameter;
  const allreduceBytes = work.allreduceBytes ?? (bytesPerParameter * parameters) / (tensor * pipeline);
  // Megatron-style TP: 4 all-reduces of (tokens x hidden) activations per layer per iteration (2 forward, 2 backward).
  const tensorParallelBytes =
    tensor > 1 && layers !== undefined && hiddenSize !== undefined && work.tokensPerIteration !== undefined
      ? 4 * Math.ceil(layers / pipeline) * (work.tokensPerIteration / data) * hiddenSize * bytesPerParameter
      : 0;
  const memory = trainingMemoryPerGpu({
    parameters,
    bytesPerParameter,
    optimizerBytesPerParameter: work.memory.optimizerBytesPerParameter,
    tensor,
    pipeline,
    data,
    zeroStage: work.memory.zeroStage,
    recompute: work.memory.recompute,
    activationBytesPerGpu: work.memory.activationGiB === undefined ? undefined : work.memory.activationGiB * 2 ** 30,
    shape:
      layers !== undefined && hiddenSize !== undefined && heads !== undefined
        ? { layers, hiddenSize, heads, sequenceLength: work.sequenceLength, microBatchSize: work.microBatchSize }
        : undefined,
  });
  const checkpointBytes = work.checkpointBytes ?? parameters * (bytesPerParameter + work.memory.optimizerBytesPerParameter);
  return {
    iterations: work.iterations,
    flopsPerIteration,
    dtype: work.dtype,
    computeEfficiency: work.computeEfficiency,
    tensor,
    pipeline,
    data,
    bubbleFactor: 1 + (pipeline - 1) / microBatches,
    allreduceBytes,
    tensorParallelBytes,
    memory,
    checkpointIntervalS: work.checkpointIntervalS,
    checkpointBytes,
    checkpointS: checkpointBytes / work.checkpointBytesPerS,
    restartOverheadS: work.restartOverheadS,
  };
}

/** Edge of the square GEMM that stands for a transformer layer's matrix products when a profile prices compute. */
export const REPRESENTATIVE_GEMM = 4096;
/** HBM fraction assumed where a profile measured no catalog GPU (only GEMM time matters here). */
const TRAINING_MEMORY_EFFICIENCY = 0.8;

/** FLOP/s per GPU of a calibrated plan on `gpu`: a 4096-cube GEMM under the profile's parameters there. */
export function calibratedFlopsPerS(calibration: NonNullable<TrainingPlan["calibration"]>, plan: Pick<TrainingPlan, "dtype" | "computeEfficiency">, gpu: GpuSpec): number {
  const { profile, transfer } = calibration;
  // The scenario loader rejects a mismatched type without transfer; library callers get the transfer rules.
  const use = profileUse(profile, gpu.name, transfer) ?? "transfer";
  const sourceName = profileGpu(profile);
  const source = sourceName !== null && sourceName in gpuCatalog ? gpuCatalog[sourceName as GpuName] : undefined;
  const cost = deviceCost(profile, gpu, plan.dtype, use, { flopsEfficiency: plan.computeEfficiency, memoryEfficiency: TRAINING_MEMORY_EFFICIENCY }, source);
  const n = REPRESENTATIVE_GEMM;
  return (2 * n * n * n) / cost.gemmTimeS(n, n, n);
}

/** Compute time of one iteration on `gpus` GPUs of a type: FLOPs / (GPUs x peak x efficiency) x pipeline bubble. */
export function iterationComputeS(plan: TrainingPlan, gpus: number, gpu: GpuSpec): number {
  const perGpuFlopsPerS = plan.calibration === undefined ? gpu.peakFlopsPerS[plan.dtype] * plan.computeEfficiency : calibratedFlopsPerS(plan.calibration, plan, gpu);
  return (plan.flopsPerIteration / (gpus * perGpuFlopsPerS)) * plan.bubbleFactor;
}

/** Global ranks of the data-parallel groups (ranks ordered tensor fastest, then data, then pipeline). */
export function dataParallelGroups(plan: TrainingPlan): number[][] {
  const groups: number[][] = [];
  for (let p = 0; p < plan.pipeline; p++) {
    for (let t = 0; t < plan.tensor; t++) groups.push(Array.from({ length: plan.data }, (_, d) => t + plan.tensor * (d + plan.data * p)));
  }
  return groups;
}

/** Global ranks of the tensor-parallel groups (consecutive ranks, so packed placements keep them in a node). */
export function tensorParallelGroups(plan: TrainingPlan): number[][] {
  const groups: number[][] = [];
  for (let start = 0; start < plan.tensor * plan.data * plan.pipeline; start += plan.tensor) {
    groups.push(Array.from({ length: plan.tensor }, (_, t) => start + t));
  }
  return groups;
}
