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
 *                         at T tokens (MLP_MS, also read by test/cost/llm-iteration-measured.test.ts;
 *                         these kernels see only T, so a decode batch of b and a prompt chunk of b
 *                         tokens share a figure)
 *   attention             attention.csv: attn_decode (is_prefill False, batch b, kv_cache_size c) and
 *                         attn_prefill (is_prefill True, batch 1, chunk n, no cached prefix): the tables
 *                         llama2_7bA100FlashAttention (FLASH_ATTENTION backend) and
 *                         llama3_8bA100FlashInfer (FLASHINFER backend), also read by
 *                         test/cost/llm-attention-measured.test.ts
 *
 * All figures are in test/cost/vidur-profiles.ts, one copy each.
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
import { type AttentionTable, decodeMsAt, llama2_7b, llama2_7bA100FlashAttention, llama3_8bA100FlashInfer, MLP_MS, MLP_TOKENS, prefillMsAt } from "./vidur-profiles.js";

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
  /** mlp.csv: linear + elementwise ms per layer at each of MLP_TOKENS. */
  linearMs: readonly number[];
  /** attention.csv of the same model and GPU. */
  attention: AttentionTable;
}

const TABLES: LayerTable[] = [
  { label: "Llama-2-7B A100, flash-attention", model: llama2_7b, gpu: gpuCatalog["A100-80G"], attentionKernel: "flash-attention", linearMs: MLP_MS.llama2_7bA100, attention: llama2_7bA100FlashAttention },
  { label: "Llama-3-8B A100, flashinfer", model: modelCatalog["llama-3-8b"], gpu: gpuCatalog["A100-80G"], attentionKernel: "flashinfer", linearMs: MLP_MS.llama3_8bA100, attention: llama3_8bA100FlashInfer },
];

/** The mlp.csv figure of `t` at `tokens` (one of MLP_TOKENS). */
function linearMsAt(t: LayerTable, tokens: number): number {
  const ms = t.linearMs[MLP_TOKENS.indexOf(tokens as (typeof MLP_TOKENS)[number])];
  if (ms === undefined) throw new Error(`no mlp.csv figure at ${tokens} tokens`);
  return ms;
}

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
    for (const b of BATCHES) {
      const attention = decodeMsAt(t.attention, b, c);
      const work = { prefillTokens: 0, decodeTokens: b, attentionPairs: b * (c + 1), kvTokensRead: b * c };
      shapes.push({ label: `decode b=${b} c=${c}`, kind: "decode", tokens: b, context: c, work, measuredMs: linearMsAt(t, b) + attention });
    }
  }
  for (const n of PROMPTS) {
    const work = { prefillTokens: n, decodeTokens: 0, attentionPairs: (n * (n + 1)) / 2, kvTokensRead: 0 };
    shapes.push({ label: `prefill ${n}`, kind: "prefill", tokens: n, context: 0, work, measuredMs: linearMsAt(t, n) + prefillMsAt(t.attention, n, 0) });
  }
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
