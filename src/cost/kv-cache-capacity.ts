/**
 * How many KV-cache blocks a replica holds: the HBM its GPUs may use (gpuMemoryUtilization, as in
 * vLLM) minus the weights (sharded over the tensor-parallel GPUs), divided into pages of
 * `blockTokens` tokens. KV heads are sharded with the weights, so the tensor-parallel GPUs
 * together hold tp × the per-GPU space.
 */
import type { GpuSpec } from "../model/gpus.js";
import { kvBytesPerToken, type ModelSpec } from "../workload/models.js";

/** Memory settings of a replica's KV cache. */
export interface KvCacheOptions {
  /** Tokens per block (page). */
  blockTokens: number;
  /** Fraction of each GPU's HBM the server may use (weights + KV). */
  gpuMemoryUtilization: number;
  /** Upper bound on cached tokens (undefined: as many as fit). */
  maxTokens?: number | undefined;
}

/** The memory layout of one replica. */
export interface KvCacheCapacity {
  /** Weight bytes on each GPU. */
  weightBytesPerGpu: number;
  /** KV bytes per token of the whole replica. */
  kvBytesPerToken: number;
  /** KV-cache blocks of the replica (0 when the weights leave no room). */
  blocks: number;
  /** Tokens the blocks hold. */
  tokens: number;
  /** True when the weights fit and leave room for at least one block. */
  fits: boolean;
}

/** The KV-cache capacity of `model` served on `tensorParallel` GPUs of `gpu`. */
export function kvCacheCapacity(model: ModelSpec, gpu: GpuSpec, tensorParallel: number, options: KvCacheOptions): KvCacheCapacity {
  const weightBytesPerGpu = (model.parameters * model.bytesPerParameter) / tensorParallel;
  const freePerGpu = gpu.hbmBytes * options.gpuMemoryUtilization - weightBytesPerGpu;
  const perToken = kvBytesPerToken(model);
  let blocks = freePerGpu <= 0 ? 0 : Math.floor((tensorParallel * freePerGpu) / (perToken * options.blockTokens));
  if (options.maxTokens !== undefined) blocks = Math.min(blocks, Math.floor(options.maxTokens / options.blockTokens));
  const weightsFit = freePerGpu > 0;
  // Embedding models keep no KV cache: they only need their weights to fit.
  const fits = model.embedding ? weightsFit : blocks > 0;
  return { weightBytesPerGpu, kvBytesPerToken: perToken, blocks, tokens: blocks * options.blockTokens, fits };
}
