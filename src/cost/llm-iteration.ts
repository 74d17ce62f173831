/**
 * Time of one LLM serving iteration (a continuous-batching step that runs prefill chunks and decode
 * tokens together) on a tensor-parallel replica: a roofline of FLOPs against bytes read, plus the
 * tensor-parallel all-reduces.
 *
 *   flops   = 2·activeParams·tokens + 4·layers·hidden·attentionPairs
 *   bytes   = bytesPerParam·min(params, activeParams·tokens) + kvBytesPerToken·(kvTokensRead + tokens)
 *   compute = flops / (tp · peakBf16 · flopsEfficiency)
 *   memory  = bytes / (tp · hbmBytesPerS · memoryEfficiency)
 *   comm    = 2·layers · ringAllReduce(tp, tokens·hidden·bytesPerParam, α, nvlinkBytesPerS / 2, allReduceEfficiency)
 *   time    = overheadS + max(compute, memory) + comm
 *
 * `attentionPairs` counts (query token, attended token) pairs; `kvTokensRead` the cached tokens
 * whose K and V are read. For mixture-of-experts models the weights read grow with the batch
 * (min(params, active·tokens)), a bound that reaches all experts after a few tokens.
 * With a calibration profile the linear layers are priced as one GEMM per iteration
 * (m = tokens, k = hidden, n = active params per GPU / hidden) and KV traffic by the fitted
 * memory bandwidth, plus a kernel launch per layer and operator.
 */
import type { GpuSpec } from "../model/gpus.js";
import { ringAllReduceTimeS } from "../model/network/collective-formulas.js";
import { forwardFlopsPerToken, kvBytesPerToken, type ModelSpec } from "../workload/models.js";
import type { CalibratedCost } from "./calibration-profile.js";

/** Efficiency factors and fixed costs of the iteration model. */
export interface LlmCostOptions {
  /** Fraction of peak bf16 FLOP/s reached by the serving kernels. */
  flopsEfficiency: number;
  /** Fraction of HBM bandwidth reached. */
  memoryEfficiency: number;
  /** Fixed time per iteration (scheduler, sampling, kernel launches), seconds. */
  iterationOverheadS: number;
  /** Per-step latency α of the tensor-parallel all-reduce, seconds. */
  allReduceLatencyS: number;
  /** Bus-bandwidth efficiency of the all-reduce. */
  allReduceEfficiency: number;
}

/** Defaults in line with published vLLM measurements on H100s (60 % MFU in prefill, 80 % of HBM in decode). */
export const defaultLlmCostOptions: LlmCostOptions = {
  flopsEfficiency: 0.6,
  memoryEfficiency: 0.8,
  iterationOverheadS: 0.0005,
  allReduceLatencyS: 5e-6,
  allReduceEfficiency: 0.7,
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
}

/** The per-iteration cost of one replica configuration. */
export interface LlmIterationCost {
  /** Seconds one iteration takes. */
  iterationTimeS(work: IterationWork): number;
  /** Seconds the iteration's FLOPs take at the sustained compute rate (the compute side of the roofline). */
  computeS(work: IterationWork): number;
  /** FLOPs of an iteration (all GPUs together). */
  flops(work: IterationWork): number;
  /** Bytes read and written in HBM by an iteration (all GPUs together). */
  bytes(work: IterationWork): number;
  /** Seconds of tensor-parallel communication for `tokens` tokens. */
  allReduceS(tokens: number): number;
}

/** Build the iteration cost of `model` on `tensorParallel` GPUs of `gpu`. */
export function llmIterationCost(
  model: ModelSpec,
  gpu: GpuSpec,
  tensorParallel: number,
  options: LlmCostOptions = defaultLlmCostOptions,
  calibrated?: CalibratedCost,
): LlmIterationCost {
  const tp = tensorParallel;
  const flopsPerToken = forwardFlopsPerToken(model);
  const attentionFlopsPerPair = 4 * model.layers * model.hiddenSize;
  const kvPerToken = kvBytesPerToken(model);
  const computeFlopsPerS = tp * gpu.peakFlopsPerS.bf16 * options.flopsEfficiency;
  const memoryBytesPerS = tp * gpu.hbmBytesPerS * options.memoryEfficiency;
  const linkBytesPerS = gpu.nvlinkBytesPerS > 0 ? gpu.nvlinkBytesPerS / 2 : gpu.pcieBytesPerS;
  const activationBytesPerToken = model.hiddenSize * model.bytesPerParameter;
  const flops = (w: IterationWork): number => flopsPerToken * (w.prefillTokens + w.decodeTokens) + attentionFlopsPerPair * w.attentionPairs;
  const kvBytes = (w: IterationWork): number => kvPerToken * (w.kvTokensRead + w.prefillTokens + w.decodeTokens);
  const weightBytes = (tokens: number): number => model.bytesPerParameter * Math.min(model.parameters, model.activeParameters * Math.max(1, tokens));
  const bytes = (w: IterationWork): number => weightBytes(w.prefillTokens + w.decodeTokens) + kvBytes(w);
  const allReduceS = (tokens: number): number =>
    tp <= 1 || tokens === 0
      ? 0
      : 2 * model.layers * ringAllReduceTimeS(tp, tokens * activationBytesPerToken, options.allReduceLatencyS, linkBytesPerS, options.allReduceEfficiency);
  const rooflineS = (w: IterationWork): number => Math.max(flops(w) / computeFlopsPerS, bytes(w) / memoryBytesPerS);
  const calibratedS = (w: IterationWork): number => {
    const c = calibrated as CalibratedCost;
    const tokens = w.prefillTokens + w.decodeTokens;
    const n = Math.max(1, Math.round(model.activeParameters / tp / model.hiddenSize));
    const linearS = c.gemmTimeS(Math.max(1, tokens), n, model.hiddenSize);
    const attentionS = Math.max((attentionFlopsPerPair * w.attentionPairs) / computeFlopsPerS, c.memoryTimeS(kvBytes(w) / tp));
    return linearS + attentionS + 4 * model.layers * c.launchOverheadS;
  };
  const computeS = calibrated === undefined ? rooflineS : calibratedS;
  return {
    iterationTimeS: (w) => options.iterationOverheadS + computeS(w) + allReduceS(w.prefillTokens + w.decodeTokens),
    computeS: (w) => flops(w) / computeFlopsPerS,
    flops,
    bytes,
    allReduceS,
  };
}
