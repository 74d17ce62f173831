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
 * Attention, per layer and GPU (heads and KV heads sharded over tp), is a named kernel model
 * (LlmCostOptions.attentionKernel; a service's costModel.attentionKernel): the same physical form
 * for every kernel library, each with its own constants (attentionKernels, each commented with the
 * measured rows it comes from; test/cost/llm-attention-measured.test.ts). "flashinfer" (the
 * default) is vLLM's FLASHINFER backend, fitted to Vidur's profile of Llama-3-8B on A100-80G;
 * "flash-attention" is vLLM's FLASH_ATTENTION backend as Vidur profiled it (FlashAttention-2
 * kernels, paged KV cache of 16-token blocks), fitted to its profile of Llama-2-7B on A100-80G.
 * flashinfer is the default because it runs a prompt's causal triangle at about 45 % of bf16 peak,
 * as the FlashAttention kernels themselves do in their authors' benchmarks (Dao 2023: 50-73 % of A100
 * peak in the forward pass; Shah et al. 2024, FlashAttention-3: up to 75 % of H100's); the profiled FLASH_ATTENTION
 * integration runs it at 17 % (on A100 and on A40 alike), a ~3x surcharge that priced the H100
 * replicas of scenarios/inference.yaml into overload (SLO attainment 97 % -> 37 %).
 *
 *   decode   the KV cache streamed from HBM: (K + c0·b)·kvBytes / (HBM · u/(u + u½)) plus a fixed
 *            call time, at least a floor, for b decode sequences reading K cached tokens in all. The
 *            kernel runs one thread block per (sequence, KV head), so its parallelism is u = b·kvHeads
 *            blocks; below a minimum it splits each sequence's keys over more blocks (split-KV, as
 *            FlashDecoding does), so u never falls below that floor. Few blocks cannot keep enough
 *            loads in flight to fill HBM (Little's law): achieved bandwidth rises as u/(u + u½)
 *            (FlashAttention-2: 65 % of peak at its 256-block floor, 97 % at 4,096 blocks; Vidur
 *            measures 2.0 TB/s of the A100's 2.04 at batch 128 x 2,048 tokens). c0 tokens' worth of
 *            streaming per sequence is each block's start-up (load the query, write the output).
 *            FlashInfer's decode splits the keys until the grid fills the GPU (a higher block floor)
 *            and a call costs at least 24 µs whatever its bytes.
 *   prefill  a tiled kernel: 4·hidden FLOPs a (query, key) pair at the attention efficiency (50 % of
 *            bf16 peak: Dao 2023 reports 50-73 % for FlashAttention-2's forward pass; Vidur's
 *            cached-prefix pairs run at 45-52 %). The new tokens' own causal triangle costs the
 *            kernel's causal factor times as much a pair: 2.95 for FlashAttention-2 (Vidur's fresh
 *            prompts run at 17 % of peak counted on causal pairs: about three pairs' work for each
 *            pair of the triangle, the masked half of its tiles included), 1 for FlashInfer (it skips
 *            the masked tiles: 45 % of peak at 4,096 tokens). Parallelism is u = heads·T/128 query
 *            tiles, saturating as u/(u + u½); a fixed amount of work per query row (token x head), at
 *            the attention rate so that it scales with the chip, covers each row's prologue and
 *            epilogue; the KV reads and writes join the compute as a Euclidean roofline.
 *
 * An iteration's work gives the prefill pairs as attentionPairs - kvTokensRead - decodeTokens (each
 * decode token contributes kv + 1 pairs; the prefill chunks' cached prefixes, counted in
 * kvTokensRead, make this short by one pair a prefix token: negligible next to chunk·prefix). The
 * causal triangle is min(prefill pairs, T(T+1)/2): exact for one chunk, an upper bound for several.
 * When decode and prefill share an iteration, the decode kernel's bytes include the prefixes' reads.
 * Other GPUs than the A100 the constants were fitted on differ in three physical ways:
 *   - peak bf16 FLOP/s and HBM bandwidth, from the catalog;
 *   - decode's half-saturation block count u½ scales with HBM bandwidth (Little's law: filling a
 *     faster memory takes proportionally more bytes in flight, and each thread block keeps about
 *     the same number of loads in flight). Held out on A40 (a third of the A100's bandwidth) with
 *     Vidur's FLASH_ATTENTION profile of Llama-2-7B, nothing fitted: small-batch decode errors fall
 *     from +14..+34 % with the A100's u½ to -8..+4 % (test/cost/llm-attention-measured.test.ts);
 *   - a kernel written for an older architecture's instructions runs below the newer chip's peak
 *     (rateOnArchitecture). FlashAttention-2 issues Ampere's synchronous mma, not Hopper's wgmma/TMA:
 *     the same code reaches 230 TFLOP/s on A100 (73.7 % of peak; Dao 2023, "FlashAttention-2", and
 *     its release post) and 335-370 on H100 SXM5 (33.9-37.4 %; the release post, and Shah et al. 2024,
 *     "FlashAttention-3", Fig. 5), half its A100 fraction. FlashInfer selects its backend per GPU,
 *     FlashAttention-3's on Hopper, so it keeps its fraction (test/cost/llm-attention-hopper.test.ts).
 * The split-KV floors are the A100's block counts on every GPU (no measurement separates them).
 */
import { type GpuArchitecture, type GpuSpec, gpuCatalog } from "../model/gpus.js";
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
  /** The serving stack's attention kernels (default "flashinfer"; see attentionKernels). */
  attentionKernel?: AttentionKernelName | undefined;
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
  attentionKernel: "flashinfer",
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

/** The serving stack's attention kernel library (the kernels vLLM's attention backend runs). */
export type AttentionKernelName = "flash-attention" | "flashinfer";

/** Attention kernel names, in the order the schema lists them. */
export const attentionKernelNames = ["flash-attention", "flashinfer"] as const satisfies readonly AttentionKernelName[];

/** The physical constants of one attention kernel library (file comment: how each enters the decode and prefill times). */
export interface AttentionKernelConstants {
  /** Fixed time of a decode kernel call, s (added to the KV streaming). */
  decodeFixedS: number;
  /** Shortest time of a decode call, s, whatever the batch and context (0: none beyond the fixed time). */
  decodeFloorS: number;
  /** Thread blocks at which decode attention streams the KV cache at half the HBM bandwidth. */
  decodeHalfUnits: number;
  /** Decode parallelism floor: split-KV spreads a small batch over at least this many thread blocks. */
  decodeMinUnits: number;
  /** Start-up of each decode sequence's thread blocks, in tokens of KV streaming. */
  decodeStartupTokens: number;
  /** Fixed time of a prefill kernel call, s. */
  prefillFixedS: number;
  /** Query tiles x heads at which prefill attention reaches half its FLOP rate. */
  prefillHalfUnits: number;
  /** Rows of a prefill query tile. */
  prefillTileRows: number;
  /** Cost of a pair in the new tokens' causal triangle relative to a cached-prefix pair. */
  prefillCausalFactor: number;
  /** Fixed work per prefill query row (token x head), FLOPs at the attention rate. */
  prefillRowFlops: number;
  /** The attention FLOP rate on these architectures relative to the fitted fraction of peak (1 where absent). */
  rateOnArchitecture: Partial<Record<GpuArchitecture, number>>;
}

/** HBM bandwidth of the GPU the kernels' decode block counts were fitted on (A100-80G), bytes/s. */
const FITTED_HBM_BYTES_PER_S = gpuCatalog["A100-80G"].hbmBytesPerS;

/**
 * The attention kernels, each fitted minimax to Vidur's attention profile of one model on A100-80G,
 * tensor parallel 1, medians (test/cost/llm-attention-measured.test.ts has the tables and errors).
 */
export const attentionKernels: Record<AttentionKernelName, AttentionKernelConstants> = {
  // vLLM's FLASH_ATTENTION backend (FlashAttention-2 kernels, paged KV cache of 16-token blocks),
  // fitted minimax to Vidur's data/profiling/compute/a100/meta-llama/Llama-2-7b-hf/attention.csv
  // (24 decode rows, batch 1-128 x context 512/1024/2048; 18 prefill rows, 128-4096 tokens fresh and
  // after a cached prefix): within 9.8 %, except chunks <= 256 and the fresh 512-token prompt (14.4 %).
  "flash-attention": {
    /** Shortest kernel time (Vidur's shortest: 14 µs for one 512-token decode, 16 µs for a 128-token prompt). */
    decodeFixedS: 5e-6,
    /** No floor: decode at batch 1 grows with the context (0.014 -> 0.029 ms from 512 to 2,048 tokens). */
    decodeFloorS: 0,
    /** 65 % of peak at the 256-block floor, 97 % at 4,096 blocks (Vidur: 2.0 TB/s at batch 128 x 2,048). */
    decodeHalfUnits: 140,
    /** FlashAttention-2's split-KV heuristic (as FlashDecoding does) spreads a small batch over more blocks. */
    decodeMinUnits: 256,
    /** Each sequence's blocks' start-up (load the query, write the output). */
    decodeStartupTokens: 102,
    /** The same shortest kernel time as decode. */
    prefillFixedS: 5e-6,
    prefillHalfUnits: 40,
    /** FlashAttention-2's forward kernel for head dimension 128. */
    prefillTileRows: 128,
    /** Fresh prompts run at 17 % of bf16 peak counted on causal pairs (4,096 tokens: 2.742 ms): ~3 pairs' work a causal pair, masked tiles included. */
    prefillCausalFactor: 2.95,
    /** 1.82 ns a query row on A100-80G. */
    prefillRowFlops: 2.84e5,
    /** Ampere mma.sync code on Hopper: 230 TFLOP/s on A100 (73.7 %), 335-370 on H100 (33.9-37.4 %): 0.46-0.51 of its A100 fraction. */
    rateOnArchitecture: { hopper: 0.5 },
  },
  // vLLM's FLASHINFER backend (FlashInfer kernels), fitted minimax to Vidur's data/profiling/compute/
  // a100/meta-llama/Meta-Llama-3-8B/attention.csv (24 decode rows as above, 9 prefill rows): decode
  // within 9.0 % from batch 16 (14.7 % at batch <= 8), prefill within 8.8 %. Seven constants differ
  // from FlashAttention-2's; the other three are kept.
  flashinfer: {
    /** Above the floor the measured decode times are affine in the KV bytes (batch 16-128: 15-18 µs at zero bytes); fitted 17 µs. */
    decodeFixedS: 17e-6,
    /** A call costs at least 24 µs: 0.024-0.025 ms at batch 1-2 from 512 to 2,048 tokens of context (4x the bytes cost nothing). */
    decodeFloorS: 24e-6,
    decodeHalfUnits: 140,
    /** Fitted to batch 16-128: 648 blocks (6 on each of the A100's 108 SMs), so a few sequences still stream at 82 % of peak (FlashInfer splits the keys to fill the GPU). */
    decodeMinUnits: 648,
    decodeStartupTokens: 102,
    /** A 128-token prompt takes 15 µs. */
    prefillFixedS: 10e-6,
    /** Fresh prompts' rate rises longer with size than FlashAttention-2's (45 -> 142 TFLOP/s from 512 to 4,096 tokens). */
    prefillHalfUnits: 60,
    prefillTileRows: 128,
    /** No surcharge: FlashInfer skips the masked tiles (4,096-token prompt: 0.967 ms, 45 % of peak counted on causal pairs). */
    prefillCausalFactor: 1,
    /** 0.83 ns a query row on A100-80G, under half of FlashAttention-2's. */
    prefillRowFlops: 1.3e5,
    /** No penalty: FlashInfer picks its backend per GPU, FlashAttention-3's (wgmma, TMA) on Hopper (flashinfer-python's package description). */
    rateOnArchitecture: {},
  },
};

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
  const kernel = attentionKernels[options.attentionKernel ?? "flashinfer"];
  const decodeFixedS = Math.max(device.kernelLaunchS, kernel.decodeFixedS);
  const prefillFixedS = Math.max(device.kernelLaunchS, kernel.prefillFixedS);
  const { decodeFloorS, decodeMinUnits, decodeStartupTokens, prefillHalfUnits, prefillTileRows, prefillCausalFactor } = kernel;
  // Attention kernels reach nearly all of HBM (the catalog's peak), where elementwise kernels sustain
  // memoryEfficiency of it; with a profile, its measured stream bandwidth over that same fraction.
  const hbmBytesPerS = device.streamBytesPerS / efficiency.memoryEfficiency;
  // Little's law (file comment): the blocks needed to fill HBM grow with its bandwidth.
  const decodeHalfUnits = (kernel.decodeHalfUnits * hbmBytesPerS) / FITTED_HBM_BYTES_PER_S;
  const attentionFlopsPerS = device.attentionFlopsPerS * (kernel.rateOnArchitecture[gpu.architecture] ?? 1);
  const prefillRowS = kernel.prefillRowFlops / attentionFlopsPerS;
  /** Seconds of one layer's attention on one GPU: the decode kernel plus the prefill kernel (file comment). */
  const attentionLayerS = (w: IterationWork): number => {
    const decode = w.decodeTokens;
    const prefill = w.prefillTokens;
    const kvRead = w.kvTokensRead;
    let s = 0;
    if (decode > 0) {
      const units = Math.max(decodeMinUnits, decode * kvHeads);
      s += Math.max(decodeFloorS, decodeFixedS + ((kvRead + decodeStartupTokens * decode) * kvLayerBytes * (units + decodeHalfUnits)) / (units * hbmBytesPerS));
    }
    if (prefill > 0) {
      const pairs = decode > 0 ? Math.max(0, w.attentionPairs - kvRead - decode) : w.attentionPairs;
      const computed = pairs + (prefillCausalFactor - 1) * Math.min(pairs, (prefill * (prefill + 1)) / 2);
      const units = (heads * prefill) / prefillTileRows;
      const computeS = (computed * pairLayerFlops * (units + prefillHalfUnits)) / (units * attentionFlopsPerS);
      const memoryS = ((decode > 0 ? prefill : prefill + kvRead) * kvLayerBytes) / hbmBytesPerS;
      s += prefillFixedS + prefillRowS * heads * prefill + Math.hypot(computeS, memoryS);
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
