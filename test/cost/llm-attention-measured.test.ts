/**
 * The iteration model's attention term against measured kernel times. Source: Vidur's published
 * attention profiles (Agrawal et al., "Vidur: A Large-Scale Simulation Framework for LLM Inference",
 * MLSys 2024; github.com/microsoft/vidur, data/profiling/compute/a100/meta-llama/Llama-2-7b-hf/
 * attention.csv, also copied in github.com/sw5sh/cs378-assignment3 at the same path): Llama-2-7B
 * (32 heads, 32 KV heads, head dimension 128) on A100-80G, tensor parallel 1, block size 16,
 * attention_backend FLASH_ATTENTION (FlashAttention-2 kernels; the file holds no other backend),
 * the median of time_stats.attn_decode (is_prefill False, batch_size b, kv_cache_size c) and of
 * time_stats.attn_prefill (is_prefill True, batch 1, prefill_chunk_size, kv_cache_size = cached
 * prefix), ms per layer. The input/output reshape kernels (0-4 µs, 43 µs at a 4,096-token prompt)
 * are timed separately there and are not part of these figures nor of the model's attention term.
 * The figures are copied by hand; no data file is in this repository. These are the rows the
 * "flash-attention" kernel's constants are fitted to. A second table, Llama-3-8B's FLASHINFER
 * kernels, is held out for "flash-attention" (its constants were not tuned to it) and is the table
 * the "flashinfer" kernel's constants are fitted to. A third, Llama-2-7B on A40 (FLASH_ATTENTION),
 * is held out for both: no constant was fitted to it.
 *
 * No per-kernel H100 attention table at Llama shapes was found: Vidur's H100 attention.csv is not
 * in its snapshot (the only copies found, like NVIDIA aiconfigurator's H100 attention tables, are Git
 * LFS pointers). The Hopper checks use the FlashAttention authors' H100 benchmarks instead
 * (test/cost/llm-attention-hopper.test.ts).
 *
 * "before" is the previous attention term: max(4.5 µs, hypot(4·hidden·pairs / (0.5·bf16 peak),
 * (cached + new tokens)·kvBytes / (0.76·HBM))) a layer, one kernel for decode and prefill together.
 * "after" is llmIterationCost(...).breakdown(work).attentionS / layers with the work built the way
 * the simulator builds it (src/sim/inference/replica.ts): a decode sequence at context c adds c + 1
 * pairs and reads c cached tokens; a prefill chunk of n tokens after a prefix of p adds
 * n·p + n(n+1)/2 pairs and reads p.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AttentionKernelName, attentionKernels, defaultLlmCostOptions, llmIterationCost } from "../../src/cost/llm-iteration.js";
import { type GpuSpec, gpuCatalog } from "../../src/model/gpus.js";
import { inferenceWorkloadSchema, toInferenceService } from "../../src/scenario/inference-schema.js";
import { kvBytesPerToken, modelCatalog } from "../../src/workload/models.js";
import { runFleet } from "../inference/harness.js";
import { ATTENTION_BATCHES, llama2_7b, llama2_7bA100FlashAttention, llama3_8bA100FlashInfer } from "./vidur-profiles.js";

const a100 = gpuCatalog["A100-80G"];
/** The FLASH_ATTENTION tables are priced with that kernel ("flashinfer" is the default). */
const flashAttention = { ...defaultLlmCostOptions, attentionKernel: "flash-attention" as const };

const BATCHES = ATTENTION_BATCHES;
/** attn_decode medians at each of BATCHES by context, and attn_prefill medians: [chunk, cached prefix, ms]. */
const { decodeMs: DECODE_MS, prefillMs: PREFILL_MS } = llama2_7bA100FlashAttention;

const decodeWork = (b: number, c: number) => ({ prefillTokens: 0, decodeTokens: b, attentionPairs: b * (c + 1), kvTokensRead: b * c });
const prefillWork = (n: number, p: number) => ({ prefillTokens: n, decodeTokens: 0, attentionPairs: n * p + (n * (n + 1)) / 2, kvTokensRead: p });
type Work = ReturnType<typeof decodeWork>;

const cost = llmIterationCost(llama2_7b, a100, 1, flashAttention);
const afterMs = (w: Work): number => (cost.breakdown(w).attentionS * 1e3) / llama2_7b.layers;
function beforeMs(w: Work): number {
  const computeS = (4 * llama2_7b.hiddenSize * w.attentionPairs) / (0.5 * a100.peakFlopsPerS.bf16);
  const memoryS = ((w.kvTokensRead + w.prefillTokens + w.decodeTokens) * kvBytesPerToken(llama2_7b)) / llama2_7b.layers / (0.76 * a100.hbmBytesPerS);
  return Math.max(4.5e-6, Math.hypot(computeS, memoryS)) * 1e3;
}

/** One measured shape: a decode batch b at context c, or a prefill chunk n after a cached prefix p. */
interface MeasuredShape {
  readonly label: string;
  readonly kind: "decode" | "prefill";
  /** Batch (decode) or chunk tokens (prefill). */
  readonly n: number;
  /** Context (decode) or cached prefix (prefill). */
  readonly p: number;
  readonly work: Work;
  readonly measuredMs: number;
}

/** The shapes of a decode table (ms at each of BATCHES, by context). */
const decodeShapes = (table: Record<number, number[]>): MeasuredShape[] =>
  Object.entries(table).flatMap(([c, ms]) =>
    BATCHES.map((b, i) => ({ label: `decode b=${b} c=${c}`, kind: "decode" as const, n: b, p: Number(c), work: decodeWork(b, Number(c)), measuredMs: ms[i] as number })),
  );

/** The shapes of a prefill table ([chunk, prefix, ms]). */
const prefillShapes = (rows: readonly (readonly [number, number, number])[]): MeasuredShape[] =>
  rows.map(([n, p, m]) => ({ label: `prefill ${n} after ${p}`, kind: "prefill" as const, n, p, work: prefillWork(n, p), measuredMs: m }));

/**
 * Every shape within its tolerance. With PRINT_TABLE set, the comparison table is printed first
 * (measured, model, error, and the previous term when given): the tables of the closing notes.
 */
function expectWithin(title: string, shapes: readonly MeasuredShape[], modelMs: (w: Work) => number, tolerance: (s: MeasuredShape) => number, previousMs?: (w: Work) => number): void {
  const rows = shapes.map((s) => ({ s, model: modelMs(s.work), previous: previousMs?.(s.work) }));
  if (process.env.PRINT_TABLE) {
    const pct = (x: number, m: number) => `${((x / m - 1) * 100).toFixed(1)} %`;
    const line = (r: (typeof rows)[number]) =>
      [r.s.label, r.s.measuredMs, ...(r.previous === undefined ? [] : [r.previous.toFixed(4), pct(r.previous, r.s.measuredMs)]), r.model.toFixed(4), pct(r.model, r.s.measuredMs)].join(" | ");
    console.log([title, ...rows.map(line)].join("\n"));
  }
  for (const r of rows) expect(Math.abs(r.model / r.s.measuredMs - 1), `${title}: ${r.s.label}`).toBeLessThan(tolerance(r.s));
}

/**
 * Per-shape tolerance: 10 %, except chunks of 256 tokens or fewer and fresh prompts of 512 or fewer,
 * where the measured kernel changes regime (a fresh 128 -> 256-token prompt doubles the time,
 * 256 -> 512 triples it, 512 -> 1024 multiplies it by 2.5) in a way no smooth few-parameter form
 * follows: the model is 14 % slow at 128 and 14 % fast at 512 tokens there, so 15 %.
 */
const prefillTolerance = (n: number, p: number): number => (n <= 256 || (n <= 512 && p === 0) ? 0.15 : 0.1);

describe("LLM attention against Vidur's measured kernels (Llama-2-7B, A100-80G, FlashAttention-2)", () => {
  it("decode at 512-2048 tokens of context: every batch within 10 %", () => {
    expectWithin("flash-attention, Llama-2-7B A100, decode", decodeShapes(DECODE_MS), afterMs, () => 0.1, beforeMs);
  });

  it("prefill chunks of 128-4096 tokens, fresh and after a cached prefix, within their tolerance", () => {
    expectWithin("flash-attention, Llama-2-7B A100, prefill", prefillShapes(PREFILL_MS), afterMs, (s) => prefillTolerance(s.n, s.p), beforeMs);
  });

  it("is closer than the previous term on average, for decode and for prefill", () => {
    const meanAbs = (rows: [Work, number][], f: (w: Work) => number) => rows.reduce((sum, [w, m]) => sum + Math.abs(f(w) / m - 1), 0) / rows.length;
    const decode: [Work, number][] = Object.entries(DECODE_MS).flatMap(([c, ms]) => BATCHES.map((b, i): [Work, number] => [decodeWork(b, Number(c)), ms[i] as number]));
    const prefill: [Work, number][] = PREFILL_MS.map(([n, p, m]): [Work, number] => [prefillWork(n, p), m]);
    for (const rows of [decode, prefill]) expect(meanAbs(rows, afterMs)).toBeLessThan(0.5 * meanAbs(rows, beforeMs));
  });

  it("decode attention is non-decreasing in batch and in context; prefill in chunk and in prefix", () => {
    for (const c of [64, 512, 1024, 2048, 4096, 16384]) {
      for (let b = 1; b < 512; b++) expect(afterMs(decodeWork(b + 1, c))).toBeGreaterThanOrEqual(afterMs(decodeWork(b, c)));
    }
    for (const b of [1, 3, 8, 64, 256]) {
      for (let c = 1; c < 8192; c += 37) expect(afterMs(decodeWork(b, c + 37))).toBeGreaterThanOrEqual(afterMs(decodeWork(b, c)));
    }
    for (const p of [0, 512, 4096]) {
      for (let n = 1; n < 8192; n += 31) expect(afterMs(prefillWork(n + 31, p))).toBeGreaterThanOrEqual(afterMs(prefillWork(n, p)));
    }
    for (const n of [1, 128, 2048]) {
      for (let p = 0; p < 8192; p += 64) expect(afterMs(prefillWork(n, p + 64))).toBeGreaterThanOrEqual(afterMs(prefillWork(n, p)));
    }
  });

  it("a mixed iteration costs its decode kernel plus its prefill kernel", () => {
    const decode = decodeWork(32, 1024);
    const prefill = prefillWork(512, 0);
    const mixed = { prefillTokens: 512, decodeTokens: 32, attentionPairs: decode.attentionPairs + prefill.attentionPairs, kvTokensRead: decode.kvTokensRead };
    expect(afterMs(mixed)).toBeCloseTo(afterMs(decode) + afterMs(prefill), 9);
    // Decode streams at most the HBM bandwidth; with tensor parallelism each GPU streams its share of the heads.
    const big = decodeWork(256, 4096);
    const bytes = (big.kvTokensRead * kvBytesPerToken(llama2_7b)) / llama2_7b.layers;
    expect(afterMs(big) / 1e3).toBeGreaterThan(bytes / a100.hbmBytesPerS);
    const tp2 = llmIterationCost(llama2_7b, a100, 2, flashAttention).breakdown(big).attentionS;
    expect(tp2).toBeLessThan(cost.breakdown(big).attentionS * 0.55);
  });
});

// ---------------------------------------------------------------------------------------------
// FLASHINFER backend, Llama-3-8B on A100-80G: HELD OUT for "flash-attention" (its constants were not
// tuned to these rows), and the rows the "flashinfer" kernel's constants are fitted to.
// ---------------------------------------------------------------------------------------------

/**
 * Source: Vidur's attention profile data/profiling/compute/a100/meta-llama/Meta-Llama-3-8B/
 * attention.csv (the copy in github.com/sw5sh/cs378-assignment3, same path as Vidur's tree):
 * n_embd 4096, 32 query heads, 8 KV heads (grouped-query attention: 4x fewer KV bytes a token than
 * Llama-2-7B), block size 16, tensor parallel 1, attention_backend FLASHINFER (FlashInfer's kernels,
 * not the FlashAttention-2 kernels the constants were fitted to). Medians of time_stats.attn_decode
 * (is_prefill False, batch_size b, kv_cache_size c) and time_stats.attn_prefill (is_prefill True,
 * batch 1, prefill_chunk_size n, kv_cache_size = cached prefix p), ms per layer, copied by hand.
 * Every requested size is profiled exactly, none is missing or interpolated (decode: batch 1-128
 * step 1, contexts step 32 to 1,024 and 64 above; prefill: chunks step 16 to 128, 32 to 1,024 and 64
 * above, prefixes in multiples of the chunk). Where the file holds a shape twice (batch 128 at every
 * context read; the whole 1,024-token decode block; the 1,024- and 4,096-token prefill blocks) the
 * first row is taken; the repeats agree within 5 %.
 * The "flash-attention" constants were not refitted to these figures; the "flashinfer" constants
 * (src/cost/llm-iteration.ts, attentionKernels.flashinfer) were fitted to them.
 */
const llama3_8b = modelCatalog["llama-3-8b"];
const { decodeMs: HELD_OUT_DECODE_MS, prefillMs: HELD_OUT_PREFILL_MS } = llama3_8bA100FlashInfer;
const heldOutCost = llmIterationCost(llama3_8b, a100, 1, flashAttention);
const heldOutMs = (w: Work): number => (heldOutCost.breakdown(w).attentionS * 1e3) / llama3_8b.layers;

/**
 * Held-out tolerances of the "flash-attention" kernel on this table: what it achieves, rounded up to
 * the next 5 % (its constants were NOT retuned to these figures; a held-out check that is then fitted
 * is no longer held out). This is the evidence that the two libraries differ; the "flashinfer"
 * kernel, fitted to these rows, follows in the next describe block.
 *
 *   decode, batch >= 16         25 %  (measured max 23.6 %, b=32 c=2048, model slow)
 *   decode, batch <= 8          75 %  (measured max 71.2 %, b=1 c=512, model fast). FlashInfer's decode
 *                                     has a floor of ~24 µs a call (0.024-0.025 ms at b=1-2 whatever the
 *                                     context, 512-2048 tokens: not bandwidth, since 4x the bytes costs
 *                                     nothing), where FlashAttention-2's starts at 14 µs and grows with
 *                                     the context; the model's 5 µs + streaming follows the latter.
 *   prefill, fresh prompt      205 %  (measured max 204.5 %, 4,096 tokens, model slow). FlashInfer's
 *                                     causal prefill runs the triangle at ~45 % of bf16 peak (142 TFLOP/s
 *                                     counted on causal pairs at 4,096 tokens); the FlashAttention-2
 *                                     kernels the constants were fitted to run it at ~17 % (hence
 *                                     prefillCausalFactor = 2.95), so the model is 1.7-3.0x slow from
 *                                     256 tokens up (+22 % at 128).
 *   prefill, cached prefix      75 %  (measured max 70.4 %, 2,048 after 2,048, model slow: the same
 *                                     causal factor on a triangle a third of the pairs; 128 after 1,024
 *                                     is -10 % and 512 after 2,048 +16 %, where the prefix pairs dominate).
 *
 * The per-iteration consequence with this kernel was +18.5 % a layer at the 4,096-token prompt; the
 * per-layer comparison (test/cost/llm-iteration-layer-measured.test.ts) now prices Llama-3-8B with
 * the "flashinfer" kernel.
 */
const heldOutDecodeTolerance = (b: number): number => (b >= 16 ? 0.25 : 0.75);
const heldOutPrefillTolerance = (p: number): number => (p === 0 ? 2.05 : 0.75);

describe("HELD OUT (not fitted): the flash-attention kernel against Vidur's FlashInfer kernels (Llama-3-8B, A100-80G)", () => {
  it("decode at 512-2048 tokens of context, batch 1-128, within the held-out tolerances", () => {
    expectWithin("held out: flash-attention on Llama-3-8B A100 FlashInfer, decode", decodeShapes(HELD_OUT_DECODE_MS), heldOutMs, (s) => heldOutDecodeTolerance(s.n));
  });

  it("prefill chunks of 128-4096 tokens, fresh and after a cached prefix, within the held-out tolerances", () => {
    expectWithin("held out: flash-attention on Llama-3-8B A100 FlashInfer, prefill", prefillShapes(HELD_OUT_PREFILL_MS), heldOutMs, (s) => heldOutPrefillTolerance(s.p));
  });
});

/**
 * The "flashinfer" kernel on the same FlashInfer table (its constants are fitted to these rows:
 * src/cost/llm-iteration.ts, attentionKernels.flashinfer; the fewest constants changed from
 * FlashAttention-2's, each a physical difference: a 24 µs call floor and 17 µs fixed time in decode,
 * split-KV to 648 blocks, a 10 µs prefill call, no causal surcharge, a slower query-tile ramp and a
 * smaller per-row term).
 *
 * Tolerance 10 % a shape, except decode at batch <= 8: 15 % (largest -14.7 % at batch 8 x 512 and
 * +10.0 % at batch 2 x 2,048). There FlashInfer's decode steps rather than grows: 16.8 MB of KV cache
 * costs 25 µs at batch 2 x 2,048 and at batch 4 x 1,024 but 34 µs at batch 8 x 512, and 33.5 MB costs
 * 38 µs at batch 4 x 2,048 and batch 16 x 512; no form smooth in bytes and batch follows both, and
 * the floor plus affine-in-bytes form is the least that reaches batch 16-128 within 10 %.
 */
const flashinferCost = llmIterationCost(llama3_8b, a100, 1, { ...defaultLlmCostOptions, attentionKernel: "flashinfer" });
const flashinferMs = (w: Work): number => (flashinferCost.breakdown(w).attentionS * 1e3) / llama3_8b.layers;
const flashinferDecodeTolerance = (b: number): number => (b >= 16 ? 0.1 : 0.15);

describe("LLM attention, flashinfer kernel, against Vidur's FlashInfer kernels (Llama-3-8B, A100-80G; fitted)", () => {
  it("decode at 512-2048 tokens of context, batch 1-128, within 10 % (15 % at batch <= 8)", () => {
    expectWithin("flashinfer, Llama-3-8B A100, decode", decodeShapes(HELD_OUT_DECODE_MS), flashinferMs, (s) => flashinferDecodeTolerance(s.n));
  });

  it("prefill chunks of 128-4096 tokens, fresh and after a cached prefix, within 10 %", () => {
    expectWithin("flashinfer, Llama-3-8B A100, prefill", prefillShapes(HELD_OUT_PREFILL_MS), flashinferMs, () => 0.1);
  });

  it("decode never costs less than FlashInfer's 24 µs floor; both kernels are monotone in batch, context, chunk and prefix", () => {
    for (const b of [1, 2, 3]) expect(flashinferMs(decodeWork(b, 64))).toBeCloseTo(attentionKernels.flashinfer.decodeFloorS * 1e3, 12);
    for (const ms of [flashinferMs, afterMs]) {
      for (const c of [64, 512, 2048, 16384]) {
        for (let b = 1; b < 256; b++) expect(ms(decodeWork(b + 1, c))).toBeGreaterThanOrEqual(ms(decodeWork(b, c)));
      }
      for (const p of [0, 512, 4096]) {
        for (let n = 1; n < 8192; n += 31) expect(ms(prefillWork(n + 31, p))).toBeGreaterThanOrEqual(ms(prefillWork(n, p)));
      }
      for (const n of [1, 128, 2048]) {
        for (let p = 0; p < 8192; p += 64) expect(ms(prefillWork(n, p + 64))).toBeGreaterThanOrEqual(ms(prefillWork(n, p)));
      }
    }
  });
});

describe("attention kernel registry", () => {
  const kernels = Object.keys(attentionKernels) as AttentionKernelName[];
  const work = fc.record({
    prefillTokens: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 8192 })),
    decodeTokens: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 512 })),
    attentionPairs: fc.integer({ min: 0, max: 50_000_000 }),
    kvTokensRead: fc.integer({ min: 0, max: 1_000_000 }),
  });

  it("iterationTimeS equals the breakdown summed in its order, bit for bit, for every kernel", () => {
    const models = [llama2_7b, llama3_8b, modelCatalog["llama-3-70b"]];
    const gpus = [a100, gpuCatalog["H100-SXM"]];
    fc.assert(
      fc.property(fc.constantFrom(...kernels), fc.constantFrom(...models), fc.constantFrom(...gpus), fc.constantFrom(1, 2, 4, 8), work, (kernel, m, g, tp, w) => {
        const cost = llmIterationCost(m, g, tp, { ...defaultLlmCostOptions, attentionKernel: kernel });
        const b = cost.breakdown(w);
        expect(cost.iterationTimeS(w)).toBe(b.overheadS + b.embeddingS + b.linearS + b.elementwiseS + b.attentionS + b.lmHeadS + b.allReduceS);
      }),
      { numRuns: 1000 },
    );
  });

  it("flashinfer is the default: an omitted kernel and an explicit one give the same bits", () => {
    const { attentionKernel: _, ...withoutKernel } = defaultLlmCostOptions;
    fc.assert(
      fc.property(work, (w) => {
        const explicit = llmIterationCost(llama3_8b, a100, 2, { ...withoutKernel, attentionKernel: "flashinfer" });
        const omitted = llmIterationCost(llama3_8b, a100, 2, withoutKernel);
        expect(explicit.iterationTimeS(w)).toBe(omitted.iterationTimeS(w));
        expect(explicit.breakdown(w)).toEqual(omitted.breakdown(w));
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// HELD OUT for both kernels (nothing fitted to it): Llama-2-7B on A40, FLASH_ATTENTION backend.
// ---------------------------------------------------------------------------------------------

/**
 * NVIDIA A40 from its datasheet (NVIDIA A40 Datasheet, "NVIDIA A40 GPU Accelerator", 2021): 48 GB
 * GDDR6 at 696 GB/s, 149.7 TFLOP/s dense BF16/FP16 tensor (299.4 with sparsity), 37.4 TFLOP/s FP32,
 * 299.3 TOPS dense INT8 (in the fp8 column, as the A100's catalog entry does), 300 W, NVLink bridge
 * 112.5 GB/s, PCIe Gen4. Built here, not in the catalog; only the bf16 peak and the memory bandwidth
 * enter the attention term (the power and price fields are placeholders).
 */
const a40: GpuSpec = {
  name: "A40",
  vendor: "nvidia",
  architecture: "ampere",
  peakFlopsPerS: { fp32: 37.4e12, bf16: 149.7e12, fp8: 299.3e12 },
  hbmBytes: 48e9,
  hbmBytesPerS: 696e9,
  tdpWatts: 300,
  idleWatts: 30,
  nvlinkBytesPerS: 112.5e9,
  pcieBytesPerS: 32e9,
  pricePerHour: 0,
  specsPublished: true,
};

/**
 * Source: Vidur's attention profile data/profiling/compute/a40/meta-llama/Llama-2-7b-hf/attention.csv
 * (the copy in github.com/sw5sh/cs378-assignment3, same layout as Vidur's tree): n_embd 4096, 32
 * heads, 32 KV heads, block size 16, tensor parallel 1 rows (the file then repeats the sweep at
 * tensor parallel 2 and up), attention_backend FLASH_ATTENTION throughout, so the "flash-attention"
 * kernel is the matching model. Medians of time_stats.attn_decode (is_prefill False) and
 * time_stats.attn_prefill (is_prefill True, batch 1, kv_cache_size 0: fresh prompts), ms per layer,
 * copied by hand. Rows run by context then batch for decode (contexts step 32 to 1,024 and 64 above,
 * batch 1-128 each) and by chunk then prefix for prefill; where a shape is held twice (the whole
 * 1,024-token decode block; the 128-, 1,024- and 4,096-token prefill rows) the first row is taken
 * (the repeats agree within 3 %).
 *
 * HELD OUT: no constant of either kernel was fitted to these figures. The model moves to the A40 by
 * its datasheet peaks (bf16 FLOP/s, memory bandwidth) and by Little's law for decode: the blocks at
 * which decode reaches half of HBM scale with the bandwidth (140 on the A100, 48 on the A40); the
 * split-KV floor stays at the A100's 256 blocks (the A40 has 84 SMs to the A100's 108). Together
 * with the Hopper tables (test/cost/llm-attention-hopper.test.ts), this is the evidence that the
 * constants carry across GPUs.
 */
const A40_DECODE_MS: Record<number, number[]> = {
  512: [0.024, 0.042, 0.071, 0.144, 0.256, 0.468, 0.871, 1.681],
  1024: [0.038, 0.068, 0.129, 0.271, 0.489, 0.918, 1.729, 3.312],
  2048: [0.067, 0.126, 0.237, 0.509, 0.943, 1.8, 3.421, 6.568],
};
const A40_PREFILL_MS: [number, number][] = [
  [128, 0.024],
  [256, 0.071],
  [512, 0.17],
  [1024, 0.525],
  [2048, 1.7],
  [4096, 6.386],
];
const a40Cost = llmIterationCost(llama2_7b, a40, 1, flashAttention);
const a40Ms = (w: Work): number => (a40Cost.breakdown(w).attentionS * 1e3) / llama2_7b.layers;

/**
 * Held-out tolerances on A40: what the model achieves, rounded up to the next 5 % (nothing retuned).
 *
 *   decode, batch 1-128          15 %  (-7.7..+11.6 %, the largest at b=128 c=512). With the A100's
 *                                      u½ of 140 blocks instead of the bandwidth-scaled 48, the
 *                                      model was slow throughout: +1.3..+17.0 % from batch 16 and
 *                                      +14..+34.2 % at batch <= 8 (tolerances 20 % and 35 % then).
 *   prefill, fresh 256-4096      10 %  (max +5.4 %, 512 tokens; -4.0 % at 4,096)
 *   prefill, fresh 128           40 %  (+37.1 %: 0.033 ms for 0.024; the per-row term, scaled by the
 *                                      bf16 peak, is most of a 128-token prompt)
 */
const a40DecodeTolerance = 0.15;
const a40PrefillTolerance = (n: number): number => (n >= 256 ? 0.1 : 0.4);

describe("HELD OUT (not fitted): the flash-attention kernel on A40 against Vidur's FlashAttention-2 kernels (Llama-2-7B)", () => {
  it("decode at 512-2048 tokens of context, batch 1-128, within the held-out tolerances", () => {
    expectWithin("held out: flash-attention on Llama-2-7B A40, decode", decodeShapes(A40_DECODE_MS), a40Ms, () => a40DecodeTolerance);
  });

  it("fresh prompts of 128-4096 tokens within the held-out tolerances", () => {
    const shapes = prefillShapes(A40_PREFILL_MS.map(([n, m]) => [n, 0, m] as const));
    expectWithin("held out: flash-attention on Llama-2-7B A40, prefill", shapes, a40Ms, (s) => a40PrefillTolerance(s.n));
  });
});

describe("costModel.attentionKernel on an inference service", () => {
  const service = (costModel: Record<string, unknown>) =>
    inferenceWorkloadSchema.parse({
      kind: "inference",
      name: "chat",
      model: "llama-3-8b",
      gpu: "A100-80G",
      count: 1,
      arrival: { process: "constant", ratePerS: 1 },
      promptTokens: 4096,
      outputTokens: 1,
      costModel,
    });

  it("defaults to flashinfer and reaches the iteration cost: a 4,096-token prompt's TTFT moves by the two kernels' prefill difference", () => {
    expect(service({}).costModel.attentionKernel).toBe("flashinfer");
    expect(() => service({ attentionKernel: "xformers" })).toThrow();
    const ttft = (costModel: Record<string, unknown>): number => {
      const row = runFleet([toInferenceService(service(costModel))], [{ count: 1, gpu: "A100-80G", gpusPerNode: 1 }]).rows[0];
      if (row === undefined) throw new Error("no request row");
      return Number(row.ttftS); // requests.csv precision: 1 µs
    };
    const prompt = prefillWork(4096, 0);
    const perLayerS = (heldOutMs(prompt) - flashinferMs(prompt)) / 1e3;
    expect(ttft({ attentionKernel: "flash-attention" }) - ttft({})).toBeCloseTo(llama3_8b.layers * perLayerS, 5);
  });
});
