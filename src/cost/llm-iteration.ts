/**
 * Time of one LLM serving iteration (a continuous-batching step that runs prefill chunks and decode
 * tokens together) on a tensor-parallel replica, summed over the operators vLLM-style kernels run:
 *
 *   embedding   a lookup: 2·T·hidden elements moved (not a matrix product)
 *   linear      QKV, O, gate/up, down of every layer: one smooth roofline (kernel-device.ts) over
 *               2·T·activeLayerParams/tp FLOPs and the weights read once (MoE: min(all, active·T))
 *   elementwise 5 kernels a layer (norms, RoPE, SiLU·up, residual adds), ~(20·hidden + 4·intermediate)
 *               elements a token each, at least one launch each
 *   attention   per layer: 4·hidden FLOPs a (query, key) pair at FlashAttention's sustained rate and the
 *               KV entries read (cached) and written (new), one smooth roofline, at least one launch
 *   LM head     logits only for `logitTokens` (each decode token and the last token of each prompt
 *               that completes: vLLM computes no logits for the rest of a prompt)
 *   comm        2·layers tensor-parallel ring all-reduces of T·hidden activations
 *   time        overheadS + profile submit latency + the sum
 *
 * T = prefill + decode tokens; parameters are sharded over tp. Defaults: GEMMs sustain 72 % of bf16
 * peak and kernels 76 % of HBM bandwidth, the least-squares values over Vidur's published
 * per-operator profiles (Agrawal et al., "Vidur: A Large-Scale Simulation Framework for LLM
 * Inference", MLSys 2024; data/profiling/compute/{a100,h100} of microsoft/vidur: Llama-2-7B on
 * A100-80G and H100, Llama-3-8B on A100), attention 50 % of peak (FlashAttention-2, Dao 2023:
 * 50-73 % of A100 peak in the forward pass), 4.5 µs per kernel (the same profiles at one token).
 * With a calibration profile the device's rates, saturation curve and overheads come from the
 * profile applied to the catalog GPU (kernel-device.ts, profile-on-gpu.ts).
 */
import type { GpuSpec } from "../model/gpus.js";
import { ringAllReduceTimeS } from "../model/network/collective-formulas.js";
import { kvBytesPerToken, type ModelSpec } from "../workload/models.js";
import type { CalibratedCost } from "./calibration-profile.js";
import { catalogDevice, gemmGroupS, type KernelDevice, profiledDevice, streamGroupS } from "./kernel-device.js";
import { transformerShape } from "./transformer-shape.js";

/** Efficiency factors and fixed costs of the iteration model. */
export interface LlmCostOptions {
  /** Fraction of peak bf16 FLOP/s the GEMMs sustain. */
  flopsEfficiency: number;
  /** Fraction of HBM bandwidth the kernels sustain. */
  memoryEfficiency: number;
  /** Fixed time per iteration (scheduler, sampling), seconds. */
  iterationOverheadS: number;
  /** Per-step latency α of the tensor-parallel all-reduce, seconds. */
  allReduceLatencyS: number;
  /** Bus-bandwidth efficiency of the all-reduce. */
  allReduceEfficiency: number;
  /** Fraction of peak bf16 FLOP/s attention kernels sustain (default 0.5). */
  attentionEfficiency?: number | undefined;
  /** Shortest time of one kernel, seconds (default 4.5 µs). */
  kernelLaunchS?: number | undefined;
}

/** Defaults fitted to Vidur's measured per-operator times (see the file comment). */
export const defaultLlmCostOptions: LlmCostOptions = {
  flopsEfficiency: 0.76,
  memoryEfficiency: 0.76,
  iterationOverheadS: 0.0005,
  allReduceLatencyS: 5e-6,
  allReduceEfficiency: 0.7,
  attentionEfficiency: 0.5,
  kernelLaunchS: 4.5e-6,
};

/** What one iteration processes. */
export interface IterationWork {
  /** Tokens of prompts (chunks) computed in this iteration. */
  prefillTokens: number;
  /** Sequences decoding one token each. */
  decodeTokens: number;
  /** (query, key) pairs attention computes over (causal within prefill chunks). */
  attentionPairs: number;
  /** Cached tokens whose KV entries are read. */
  kvTokensRead: number;
  /** Tokens whose logits are computed (default: decodeTokens, plus 1 when there are prefill tokens). */
  logitTokens?: number | undefined;
}

/** Seconds of each operator group of one iteration. */
export interface IterationBreakdown {
  embeddingS: number;
  linearS: number;
  elementwiseS: number;
  attentionS: number;
  lmHeadS: number;
  allReduceS: number;
  overheadS: number;
}

/** The per-iteration cost of one replica configuration. */
export interface LlmIterationCost {
  /** Seconds one iteration takes. */
  iterationTimeS(work: IterationWork): number;
  /** Seconds of each operator group (they sum to iterationTimeS). */
  breakdown(work: IterationWork): IterationBreakdown;
  /** Seconds the iteration's FLOPs take at the sustained compute rate (the compute side of the roofline). */
  computeS(work: IterationWork): number;
  /** FLOPs of an iteration (all GPUs together). */
  flops(work: IterationWork): number;
  /** Bytes read and written in HBM by an iteration (all GPUs together). */
  bytes(work: IterationWork): number;
  /** Seconds of tensor-parallel communication for `tokens` tokens. */
  allReduceS(tokens: number): number;
}

const ELEMENTWISE_KERNELS_PER_LAYER = 5;

/** Build the iteration cost of `model` on `tensorParallel` GPUs of `gpu` (a profile re-targeted to `gpu` when given). */
export function llmIterationCost(
  model: ModelSpec,
  gpu: GpuSpec,
  tensorParallel: number,
  options: LlmCostOptions = defaultLlmCostOptions,
  calibrated?: CalibratedCost,
): LlmIterationCost {
  const tp = tensorParallel;
  const efficiency = {
    flopsEfficiency: options.flopsEfficiency,
    memoryEfficiency: options.memoryEfficiency,
    attentionEfficiency: options.attentionEfficiency ?? 0.5,
    kernelLaunchS: options.kernelLaunchS ?? 4.5e-6,
  };
  const device: KernelDevice = calibrated === undefined ? catalogDevice(gpu, efficiency) : profiledDevice(calibrated.profile, gpu, efficiency);
  const shape = transformerShape(model);
  const h = model.hiddenSize;
  const bpp = model.bytesPerParameter;
  const layers = model.layers;
  const kvPerToken = kvBytesPerToken(model);
  const attentionFlopsPerPair = 4 * layers * h;
  const linkBytesPerS = gpu.nvlinkBytesPerS > 0 ? gpu.nvlinkBytesPerS / 2 : gpu.pcieBytesPerS;
  const tokensOf = (w: IterationWork): number => w.prefillTokens + w.decodeTokens;
  const logitsOf = (w: IterationWork): number => (model.embedding ? 0 : (w.logitTokens ?? w.decodeTokens + (w.prefillTokens > 0 ? 1 : 0)));
  const layerWeightsRead = (tokens: number): number => Math.min(shape.layerParameters, shape.activeLayerParameters * Math.max(1, tokens));
  const kvBytes = (w: IterationWork): number => kvPerToken * (w.kvTokensRead + tokensOf(w));
  const flops = (w: IterationWork): number =>
    2 * shape.activeLayerParameters * tokensOf(w) + attentionFlopsPerPair * w.attentionPairs + 2 * shape.lmHeadParameters * logitsOf(w);
  const bytes = (w: IterationWork): number => {
    const t = tokensOf(w);
    const lmHead = logitsOf(w) > 0 ? shape.lmHeadParameters : 0;
    return bpp * (layerWeightsRead(t) + lmHead + 2 * t * h + layers * t * shape.elementwiseElementsPerToken) + kvBytes(w);
  };
  const allReduceS = (tokens: number): number =>
    tp <= 1 || tokens === 0 ? 0 : 2 * layers * ringAllReduceTimeS(tp, tokens * h * bpp, options.allReduceLatencyS, linkBytesPerS, options.allReduceEfficiency);
  const breakdown = (w: IterationWork): IterationBreakdown => {
    const t = tokensOf(w);
    const logits = logitsOf(w);
    if (t === 0) return { embeddingS: 0, linearS: 0, elementwiseS: 0, attentionS: 0, lmHeadS: 0, allReduceS: 0, overheadS: options.iterationOverheadS };
    // Norms and residual adds run on the replicated hidden state; RoPE and SiLU·up on the heads and columns of this GPU.
    const replicated = 10 * h;
    const elementwiseBytes = bpp * t * (replicated + (shape.elementwiseElementsPerToken - replicated) / tp);
    const attentionPerLayerS = Math.max(
      device.kernelLaunchS,
      Math.hypot((attentionFlopsPerPair * w.attentionPairs) / layers / tp / device.attentionFlopsPerS, kvBytes(w) / layers / tp / device.streamBytesPerS),
    );
    return {
      embeddingS: streamGroupS(device, 1, 2 * t * h * bpp),
      linearS:
        layers *
        gemmGroupS(device, 4, t, (shape.activeLayerParameters / layers / h / tp) * 0.25, (2 * t * shape.activeLayerParameters) / layers / tp, (bpp * layerWeightsRead(t)) / layers / tp),
      elementwiseS: layers * streamGroupS(device, ELEMENTWISE_KERNELS_PER_LAYER, elementwiseBytes),
      attentionS: w.attentionPairs + w.kvTokensRead > 0 ? layers * attentionPerLayerS : 0,
      lmHeadS: logits > 0 ? gemmGroupS(device, 1, logits, shape.vocabulary / tp, (2 * logits * shape.lmHeadParameters) / tp, (bpp * shape.lmHeadParameters) / tp) : 0,
      allReduceS: allReduceS(t),
      overheadS: options.iterationOverheadS + device.iterationFixedS,
    };
  };
  // The hot path: the same terms as `breakdown`, summed in its order, without building the object
  // (one call per simulated iteration); the per-replica constants are computed once here.
  const fixedS = options.iterationOverheadS + device.iterationFixedS;
  const linearWidth = (shape.activeLayerParameters / layers / h / tp) * 0.25;
  const elementsPerTokenOnGpu = 10 * h + (shape.elementwiseElementsPerToken - 10 * h) / tp;
  const lmHeadWidth = shape.vocabulary / tp;
  const lmHeadWeightBytes = (bpp * shape.lmHeadParameters) / tp;
  const iterationTimeS = (w: IterationWork): number => {
    const t = tokensOf(w);
    if (t === 0) return options.iterationOverheadS;
    const logits = logitsOf(w);
    const kv = kvBytes(w);
    const attentionPerLayerS = Math.max(
      device.kernelLaunchS,
      Math.hypot((attentionFlopsPerPair * w.attentionPairs) / layers / tp / device.attentionFlopsPerS, kv / layers / tp / device.streamBytesPerS),
    );
    const embeddingS = streamGroupS(device, 1, 2 * t * h * bpp);
    const linearS =
      layers * gemmGroupS(device, 4, t, linearWidth, (2 * t * shape.activeLayerParameters) / layers / tp, (bpp * layerWeightsRead(t)) / layers / tp);
    const elementwiseS = layers * streamGroupS(device, ELEMENTWISE_KERNELS_PER_LAYER, bpp * t * elementsPerTokenOnGpu);
    const attentionS = w.attentionPairs + w.kvTokensRead > 0 ? layers * attentionPerLayerS : 0;
    const lmHeadS = logits > 0 ? gemmGroupS(device, 1, logits, lmHeadWidth, (2 * logits * shape.lmHeadParameters) / tp, lmHeadWeightBytes) : 0;
    return fixedS + embeddingS + linearS + elementwiseS + attentionS + lmHeadS + allReduceS(t);
  };
  return {
    iterationTimeS,
    breakdown,
    computeS: (w) => flops(w) / (tp * device.computeFlopsPerS),
    flops,
    bytes,
    allReduceS,
  };
}
