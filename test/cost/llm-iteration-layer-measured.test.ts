/**
 * The iteration model per layer, the comparison issue 13 item 3 names ("within 10 % of measured
 * kernel times ... across prefill 128-4096 tokens and decode batch 1-128 at 512-2048 context"):
 * measured linear + elementwise + attention time of one layer against the model's
 * (linearS + elementwiseS + attentionS) / layers from llmIterationCost(model, gpu, 1).breakdown(work).
 * The embedding, LM head, all-reduce and iteration overhead are not per-layer kernels and are left out
 * on both sides.
 *
 * Measured figures, all from Vidur's published per-operator profiles (Agrawal et al., "Vidur: A
 * Large-Scale Simulation Framework for LLM Inference", MLSys 2024; github.com/microsoft/vidur,
 * data/profiling/compute/a100/meta-llama/{Llama-2-7b-hf,Meta-Llama-3-8B}/), medians, ms per layer,
 * tensor parallel 1, A100-80G, copied by hand (no data file is in this repository):
 *
 *   linear + elementwise  mlp.csv: attn_pre_proj (QKV), attn_post_proj (O), mlp_up_proj (gate+up),
 *                         mlp_down_proj, plus the two RMSNorms, RoPE, SiLU x up and the residual add,
 *                         at T tokens (the same figures as MEASURED in
 *                         test/cost/llm-iteration-measured.test.ts; these kernels see only T, so a
 *                         decode batch of b and a prompt chunk of b tokens share a figure)
 *   attention             attention.csv: attn_decode (is_prefill False, batch b, kv_cache_size c) and
 *                         attn_prefill (is_prefill True, batch 1, chunk n, no cached prefix); the same
 *                         figures as DECODE_MS / PREFILL_MS (Llama-2-7B, FLASH_ATTENTION backend, the
 *                         table the attention constants were fitted to) and HELD_OUT_DECODE_MS /
 *                         HELD_OUT_PREFILL_MS (Llama-3-8B, FLASHINFER backend, not fitted) in
 *                         test/cost/llm-attention-measured.test.ts
 *
 * Each table is priced with the attention kernel of the backend it was profiled with: Llama-2-7B with
 * "flash-attention" (FLASH_ATTENTION), Llama-3-8B with "flashinfer" (FLASHINFER). Both are fitted on
 * every term: mlp.csv of both models was part of the linear fit, and each kernel's constants are fitted
 * to its table's attention.csv (src/cost/llm-iteration.ts, attentionKernels). Llama-3-8B priced with
 * "flash-attention" instead (the held-out check of that kernel on a different library) missed the
 * 4,096-token prompt by +18.5 %.
 *
 * Work is built as the simulator builds it (src/sim/inference/replica.ts): a decode step of b
 * sequences at context c is { decodeTokens: b, attentionPairs: b·(c + 1), kvTokensRead: b·c }; a fresh
 * prompt of n tokens is { prefillTokens: n, attentionPairs: n(n + 1)/2, kvTokensRead: 0 }.
 */
import { describe, expect, it } from "vitest";
import { type AttentionKernelName, defaultLlmCostOptions, type IterationWork, llmIterationCost } from "../../src/cost/llm-iteration.js";
import { type GpuSpec, gpuCatalog } from "../../src/model/gpus.js";
import { type ModelSpec, modelCatalog } from "../../src/workload/models.js";

/** Llama-2-7B's published config (not in the catalog): 32 layers, hidden 4096, 32 heads, no GQA. */
const llama2_7b: ModelSpec = { name: "llama-2-7b", parameters: 6.738e9, activeParameters: 6.738e9, layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 32, bytesPerParameter: 2, maxContextTokens: 4096, embedding: false };

/** Token counts mlp.csv and attention.csv share: decode batches 1-128 and prompt chunks 128-4096. */
const BATCHES = [1, 8, 16, 32, 64, 128] as const;
const CONTEXTS = [512, 1024, 2048] as const;
const PROMPTS = [128, 256, 512, 1024, 2048, 4096] as const;

interface LayerTable {
  label: string;
  model: ModelSpec;
  gpu: GpuSpec;
  /** The attention kernel of the backend the table was profiled with. */
  attentionKernel: AttentionKernelName;
  /** mlp.csv: linear + elementwise ms per layer at T tokens. */
  linearMs: Record<number, number>;
  /** attention.csv attn_decode ms per layer, by context, at each of BATCHES. */
  decodeAttentionMs: Record<number, number[]>;
  /** attention.csv attn_prefill ms per layer of a fresh prompt, at each of PROMPTS. */
  prefillAttentionMs: number[];
}

const TABLES: LayerTable[] = [
  {
    label: "Llama-2-7B A100, flash-attention",
    model: llama2_7b,
    gpu: gpuCatalog["A100-80G"],
    attentionKernel: "flash-attention",
    linearMs: { 1: 0.29, 8: 0.283, 16: 0.287, 32: 0.298, 64: 0.303, 128: 0.3825, 256: 0.5565, 512: 1.0425, 1024: 2.123, 2048: 4.172, 4096: 8.1705 },
    decodeAttentionMs: {
      512: [0.014, 0.073, 0.11, 0.185, 0.329, 0.603],
      1024: [0.02, 0.121, 0.187, 0.326, 0.594, 1.098],
      2048: [0.029, 0.215, 0.341, 0.629, 1.186, 2.142],
    },
    prefillAttentionMs: [0.016, 0.033, 0.103, 0.262, 0.781, 2.742],
  },
  {
    label: "Llama-3-8B A100, flashinfer",
    model: modelCatalog["llama-3-8b"],
    gpu: gpuCatalog["A100-80G"],
    attentionKernel: "flashinfer",
    linearMs: { 1: 0.303, 8: 0.312, 16: 0.3165, 32: 0.341, 64: 0.351, 128: 0.412, 256: 0.609, 512: 1.0825, 1024: 2.348, 2048: 4.431, 4096: 8.529 },
    decodeAttentionMs: {
      512: [0.024, 0.034, 0.038, 0.06, 0.104, 0.181],
      1024: [0.024, 0.039, 0.064, 0.099, 0.181, 0.347],
      2048: [0.025, 0.059, 0.111, 0.177, 0.339, 0.67],
    },
    prefillAttentionMs: [0.015, 0.022, 0.048, 0.11, 0.31, 0.967],
  },
];

interface Shape {
  label: string;
  kind: "decode" | "prefill";
  tokens: number;
  context: number;
  work: IterationWork;
  measuredMs: number;
}

function shapesOf(t: LayerTable): Shape[] {
  const shapes: Shape[] = [];
  for (const c of CONTEXTS) {
    BATCHES.forEach((b, i) => {
      const attention = (t.decodeAttentionMs[c] as number[])[i] as number;
      const work = { prefillTokens: 0, decodeTokens: b, attentionPairs: b * (c + 1), kvTokensRead: b * c };
      shapes.push({ label: `decode b=${b} c=${c}`, kind: "decode", tokens: b, context: c, work, measuredMs: (t.linearMs[b] as number) + attention });
    });
  }
  PROMPTS.forEach((n, i) => {
    const work = { prefillTokens: n, decodeTokens: 0, attentionPairs: (n * (n + 1)) / 2, kvTokensRead: 0 };
    shapes.push({ label: `prefill ${n}`, kind: "prefill", tokens: n, context: 0, work, measuredMs: (t.linearMs[n] as number) + (t.prefillAttentionMs[i] as number) });
  });
  return shapes;
}

function modelMs(t: LayerTable, w: IterationWork): number {
  const b = llmIterationCost(t.model, t.gpu, 1, { ...defaultLlmCostOptions, attentionKernel: t.attentionKernel }).breakdown(w);
  return ((b.linearS + b.elementwiseS + b.attentionS) * 1e3) / t.model.layers;
}

/**
 * Per-shape tolerance: 10 % (issue 13 item 3), every shape of both tables. Largest: Llama-2-7B
 * prefill 256, +8.8 %; Llama-3-8B (flashinfer) prefill 1024, -8.7 %, and its 4,096-token prompt
 * -1.4 % (it was +18.5 % priced with the flash-attention kernel, whose constants are FlashAttention-2's).
 */
const tolerance = 0.1;

describe("LLM iteration model per layer against Vidur's measured kernels (linear + elementwise + attention)", () => {
  for (const t of TABLES) {
    it(`${t.label}: every shape within its tolerance`, () => {
      const rows = shapesOf(t).map((s) => ({ s, model: modelMs(t, s.work) }));
      // PRINT_TABLE=1 prints the comparison (the table of the closing notes).
      if (process.env.PRINT_TABLE) {
        console.log([t.label, ...rows.map(({ s, model }) => `${s.label} | ${s.measuredMs.toFixed(4)} | ${model.toFixed(4)} | ${((model / s.measuredMs - 1) * 100).toFixed(1)} %`)].join("\n"));
      }
      for (const { s, model } of rows) expect(Math.abs(model / s.measuredMs - 1), `${t.label} ${s.label}`).toBeLessThan(tolerance);
    });
  }
});
