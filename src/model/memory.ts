/**
 * GPU memory (HBM) demand of training and inference work, by named allocation, so placement can
 * refuse GPUs that are too small and reports can say why.
 *
 * Training (mixed precision with Adam, per GPU): weights and gradients at `bytesPerParameter`
 * each, optimizer states at `optimizerBytesPerParameter` (fp32 master copy + two moments = 12),
 * all divided by tensor × pipeline parallelism; ZeRO stages 1/2/3 further shard optimizer states,
 * then gradients, then weights over the data-parallel group (Rajbhandari et al., 2020).
 * Activations: given, or estimated per Korthikanti et al. (2022) without recomputation:
 * s·b·h·(34 + 5·a·s/h) bytes per layer, divided by tensor parallelism, for the layers of one
 * pipeline stage; selective recomputation drops the attention term (34·s·b·h) and full
 * recomputation keeps only each layer's input (2·s·b·h).
 */

/** Activation recomputation (Korthikanti et al., 2022). */
export type Recompute = "none" | "selective" | "full";

/** Named allocations on one GPU, in bytes. */
export interface MemoryBreakdown {
  /** Model weights. */
  weights: number;
  /** Gradients. */
  gradients: number;
  /** Optimizer states. */
  optimizer: number;
  /** Activations (training) or KV cache (inference). */
  activations: number;
  /** Sum of the above. */
  total: number;
}

/** What the training memory estimate needs. */
export interface TrainingMemoryInput {
  /** Model parameters. */
  parameters: number;
  /** Bytes per weight and per gradient (2 for bf16/fp16). */
  bytesPerParameter: number;
  /** Optimizer bytes per parameter (12 for mixed-precision Adam). */
  optimizerBytesPerParameter: number;
  /** Tensor-parallel degree. */
  tensor: number;
  /** Pipeline-parallel degree. */
  pipeline: number;
  /** Data-parallel degree. */
  data: number;
  /** ZeRO stage 0-3. */
  zeroStage: 0 | 1 | 2 | 3;
  /** Activation bytes per GPU when known; otherwise estimated from the shape below (or 0). */
  activationBytesPerGpu?: number | undefined;
  /** Activation recomputation. */
  recompute: Recompute;
  /** Transformer shape for the activation estimate. */
  shape?: { layers: number; hiddenSize: number; heads: number; sequenceLength: number; microBatchSize: number } | undefined;
}

/** Per-GPU memory of a training layout. */
export function trainingMemoryPerGpu(input: TrainingMemoryInput): MemoryBreakdown {
  const modelShard = input.parameters / (input.tensor * input.pipeline);
  const zero = input.zeroStage;
  const weights = (modelShard * input.bytesPerParameter) / (zero >= 3 ? input.data : 1);
  const gradients = (modelShard * input.bytesPerParameter) / (zero >= 2 ? input.data : 1);
  const optimizer = (modelShard * input.optimizerBytesPerParameter) / (zero >= 1 ? input.data : 1);
  let activations = input.activationBytesPerGpu ?? 0;
  if (input.activationBytesPerGpu === undefined && input.shape !== undefined) {
    const { layers, hiddenSize: h, heads: a, sequenceLength: s, microBatchSize: b } = input.shape;
    const perToken = input.recompute === "full" ? 2 : input.recompute === "selective" ? 34 : 34 + (5 * a * s) / h;
    const perLayer = s * b * h * perToken;
    activations = (perLayer * Math.ceil(layers / input.pipeline)) / input.tensor;
  }
  return { weights, gradients, optimizer, activations, total: weights + gradients + optimizer + activations };
}

/** GiB, for messages. */
export function toGiB(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(1);
}
