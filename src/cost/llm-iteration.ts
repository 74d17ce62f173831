/**
 * Time of one LLM serving iteration (a continuous-batching step that runs prefill chunks and decode
 * tokens together) on a tensor-parallel replica, summed over the operators vLLM-style kernels run:
 *
 *   embedding   a lookup: 2·T·hidden elements moved (not a matrix product)
 *   linear      QKV, O, gate/up, down of every layer: one smooth roofline (kernel-device.ts) over
 *               2·T·activeLayerParams/tp FLOPs and the weights read once (MoE: min(all, active·T))
 *   elementwise 5 kernels a layer (norms, RoPE, SiLU·up, residual adds), ~(20·hidden + 4·intermediate)
 *               elements a token each, at least one launch each
 *   attention   per layer, a decode kernel and a prefill kernel (vLLM runs them separately; see below)
 *   LM head     logits only for `logitTokens` (each decode token and the last token of each prompt
 *               that completes: vLLM computes no logits for the rest of a prompt)
 *   comm        2·layers tensor-parallel ring all-reduces of T·hidden activations
 *   time        overheadS + profile submit latency + the sum
 *
 * T = prefill + decode tokens; parameters are sharded over tp. Defaults: GEMMs sustain 76 % of bf16
 * peak and kernels 76 % of HBM bandwidth, joined as a 1.5-norm (kernel-device.ts), the minimax fit
 * over Vidur's published per-operator profiles (Agrawal et al., "Vidur: A Large-Scale Simulation
 * Framework for LLM Inference", MLSys 2024; data/profiling/compute/{a100,h100} of microsoft/vidur:
 * Llama-2-7B on A100-80G and H100, Llama-3-8B on A100), 4.5 µs per kernel (the same profiles at one
 * token). With a calibration profile the device's rates, saturation curve and overheads come from
 * the profile applied to the catalog GPU (kernel-device.ts, profile-on-gpu.ts).
 *
 * Attention, per layer and GPU (heads and KV heads sharded over tp), against Vidur's attention
 * profiles of Llama-2-7B on A100-80G (FLASH_ATTENTION backend: FlashAttention-2 kernels, paged KV
 * cache of 16-token blocks; test/cost/llm-attention-measured.test.ts):
 *
 *   decode   the KV cache streamed from HBM: (K + c0·b)·kvBytes / (HBM · u/(u + u½)) plus one fixed
 *            kernel time, for b decode sequences reading K cached tokens in all. The kernel runs one
 *            thread block per (sequence, KV head), so its parallelism is u = b·kvHeads blocks; below
 *            DECODE_MIN_UNITS it splits each sequence's keys over more blocks (FlashAttention-2's
 *            split-KV heuristic, as FlashDecoding does), so u never falls below that floor. Few blocks
 *            cannot keep enough loads in flight to fill HBM (Little's law): achieved bandwidth rises
 *            as u/(u + u½): 65 % of peak at the 256-block floor, 97 % at 4,096 blocks (Vidur
 *            measures 2.0 TB/s of the A100's 2.04 at batch 128 x 2,048 tokens). c0 tokens' worth of
 *            streaming per sequence is each block's start-up (load the query, write the output).
 *   prefill  FlashAttention-2's tiled kernel: 4·hidden FLOPs a (query, key) pair at the attention
 *            efficiency (50 % of bf16 peak: Dao 2023 reports 50-73 % in the forward pass; Vidur's
 *            cached-prefix pairs run at 45-52 %). The new tokens' own causal triangle costs
 *            PREFILL_CAUSAL_FACTOR times as much a pair (Vidur's fresh prompts run at 17 % of peak
 *            counted on causal pairs: the measured kernel does about three pairs' work for each pair
 *            of the triangle, the masked half of its tiles included). Parallelism is u = heads·T/128 query tiles, saturating as u/(u + u½); a fixed
 *            amount of work per query row (token x head), at the attention rate so that it scales
 *            with the chip, covers each row's prologue and epilogue; the KV reads and writes join
 *            the compute as a Euclidean roofline.
 *
 * An iteration's work gives the prefill pairs as attentionPairs - kvTokensRead - decodeTokens (each
 * decode token contributes kv + 1 pairs; the prefill chunks' cached prefixes, counted in
 * kvTokensRead, make this short by one pair a prefix token: negligible next to chunk·prefix). The
 * causal triangle is min(prefill pairs, T(T+1)/2): exact for one chunk, an upper bound for several.
 * When decode and prefill share an iteration, the decode kernel's bytes include the prefixes' reads.
 * The thread-block counts are the A100's (108 SMs); no H100 attention measurement was available, so
 * other GPUs keep them and differ only in their peak FLOP/s and HBM bandwidth.
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

// Attention constants (file comment), fitted minimax to Vidur's attention profiles of Llama-2-7B on
// A100-80G, FLASH_ATTENTION backend, tensor parallel 1 (data/profiling/compute/a100/meta-llama/
// Llama-2-7b-hf/attention.csv of microsoft/vidur, medians; test/cost/llm-attention-measured.test.ts).
/** Shortest time of an attention kernel, s (Vidur: 14 µs for one 512-token decode, 16 µs for a 128-token prompt). */
const ATTENTION_FIXED_S = 5e-6;
/** Thread blocks at which decode attention streams the KV cache at half the HBM bandwidth. */
const DECODE_HALF_UNITS = 140;
/** Decode parallelism floor: split-KV spreads a small batch over at least this many thread blocks. */
const DECODE_MIN_UNITS = 256;
/** Start-up of each decode sequence's thread blocks, in tokens of KV streaming. */
const DECODE_STARTUP_TOKENS = 102;
/** Query tiles x heads at which prefill attention reaches half its FLOP rate. */
const PREFILL_HALF_UNITS = 40;
/** Rows of a prefill query tile (FlashAttention-2's forward kernel for head dimension 128). */
const PREFILL_TILE_ROWS = 128;
/** Cost of a pair in the new tokens' causal triangle relative to a cached-prefix pair. */
const PREFILL_CAUSAL_FACTOR = 2.95;
/** Fixed work per prefill query row (token x head), FLOPs at the attention rate: 1.82 ns on A100-80G. */
const PREFILL_ROW_FLOPS = 2.84e5;

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
  const heads = model.heads / tp;
  const kvHeads = model.kvHeads / tp;
  const kvLayerBytes = kvPerToken / layers / tp;
  const pairLayerFlops = (4 * h) / tp;
  const attentionFixedS = Math.max(device.kernelLaunchS, ATTENTION_FIXED_S);
  // Attention kernels reach nearly all of HBM (the catalog's peak), where elementwise kernels sustain
  // memoryEfficiency of it; with a profile, its measured stream bandwidth over that same fraction.
  const hbmBytesPerS = device.streamBytesPerS / efficiency.memoryEfficiency;
  const prefillRowS = PREFILL_ROW_FLOPS / device.attentionFlopsPerS;
  /** Seconds of one layer's attention on one GPU: the decode kernel plus the prefill kernel (file comment). */
  const attentionLayerS = (w: IterationWork): number => {
    const decode = w.decodeTokens;
    const prefill = w.prefillTokens;
    const kvRead = w.kvTokensRead;
    let s = 0;
    if (decode > 0) {
      const units = Math.max(DECODE_MIN_UNITS, decode * kvHeads);
      s += attentionFixedS + ((kvRead + DECODE_STARTUP_TOKENS * decode) * kvLayerBytes * (units + DECODE_HALF_UNITS)) / (units * hbmBytesPerS);
    }
    if (prefill > 0) {
      const pairs = decode > 0 ? Math.max(0, w.attentionPairs - kvRead - decode) : w.attentionPairs;
      const computed = pairs + (PREFILL_CAUSAL_FACTOR - 1) * Math.min(pairs, (prefill * (prefill + 1)) / 2);
      const units = (heads * prefill) / PREFILL_TILE_ROWS;
      const computeS = (computed * pairLayerFlops * (units + PREFILL_HALF_UNITS)) / (units * device.attentionFlopsPerS);
      const memoryS = ((decode > 0 ? prefill : prefill + kvRead) * kvLayerBytes) / hbmBytesPerS;
      s += attentionFixedS + prefillRowS * heads * prefill + Math.hypot(computeS, memoryS);
    }
    return s;
  };
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
    return {
      embeddingS: streamGroupS(device, 1, 2 * t * h * bpp),
      linearS:
        layers *
        gemmGroupS(device, 4, t, (shape.activeLayerParameters / layers / h / tp) * 0.25, (2 * t * shape.activeLayerParameters) / layers / tp, (bpp * layerWeightsRead(t)) / layers / tp),
      elementwiseS: layers * streamGroupS(device, ELEMENTWISE_KERNELS_PER_LAYER, elementwiseBytes),
      attentionS: layers * attentionLayerS(w),
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
    const embeddingS = streamGroupS(device, 1, 2 * t * h * bpp);
    const linearS =
      layers * gemmGroupS(device, 4, t, linearWidth, (2 * t * shape.activeLayerParameters) / layers / tp, (bpp * layerWeightsRead(t)) / layers / tp);
    const elementwiseS = layers * streamGroupS(device, ELEMENTWISE_KERNELS_PER_LAYER, bpp * t * elementsPerTokenOnGpu);
    const attentionS = layers * attentionLayerS(w);
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
