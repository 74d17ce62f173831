/**
 * Measured kernel times the cost tests compare the iteration model against, copied by hand from
 * Vidur's published per-operator profiles (Agrawal et al., "Vidur: A Large-Scale Simulation Framework
 * for LLM Inference", MLSys 2024; github.com/microsoft/vidur, data/profiling/compute/<gpu>/meta-llama/
 * <model>/; the attention.csv files are read from the full copy in github.com/sw5sh/cs378-assignment3
 * at the same paths). Medians, ms per layer, tensor parallel 1. No data file is in this repository.
 * One copy of each figure: test/cost/llm-iteration-measured.test.ts, llm-attention-measured.test.ts
 * and llm-iteration-layer-measured.test.ts all read these (each says how it uses them).
 */
import type { ModelSpec } from "../../src/workload/models.js";

/** Llama-2-7B's published config (not in the catalog): 32 layers, hidden 4096, 32 heads, no GQA, vocabulary 32,000. */
export const llama2_7b: ModelSpec = { name: "llama-2-7b", parameters: 6.738e9, activeParameters: 6.738e9, layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 32, bytesPerParameter: 2, maxContextTokens: 4096, embedding: false };

/** Token counts of the mlp.csv figures: decode batches 1-128, then prompt chunks 128-4096. */
export const MLP_TOKENS = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096] as const;

/** mlp.csv: linear layers (QKV, O, gate+up, down) plus the elementwise kernels, ms per layer at each of MLP_TOKENS. */
export const MLP_MS = {
  llama2_7bA100: [0.29, 0.283, 0.287, 0.298, 0.303, 0.3825, 0.5565, 1.0425, 2.123, 4.172, 8.1705],
  llama2_7bH100: [0.175, 0.172, 0.181, 0.181, 0.183, 0.199, 0.286, 0.3745, 0.657, 1.2665, 2.592],
  llama3_8bA100: [0.303, 0.312, 0.3165, 0.341, 0.351, 0.412, 0.609, 1.0825, 2.348, 4.431, 8.529],
} as const satisfies Record<string, readonly number[]>;

/** Decode batch sizes of the attention tables. */
export const ATTENTION_BATCHES = [1, 2, 4, 8, 16, 32, 64, 128] as const;

/** One attention.csv table on A100-80G. */
export interface AttentionTable {
  /** attn_decode median at each of ATTENTION_BATCHES, by context (kv_cache_size). */
  decodeMs: Record<number, number[]>;
  /** attn_prefill median, batch 1: [chunk tokens, cached prefix tokens, ms]. */
  prefillMs: [number, number, number][];
}

/** Llama-2-7B on A100-80G, attention_backend FLASH_ATTENTION (FlashAttention-2 kernels), block size 16. */
export const llama2_7bA100FlashAttention: AttentionTable = {
  decodeMs: {
    512: [0.014, 0.02, 0.036, 0.073, 0.11, 0.185, 0.329, 0.603],
    1024: [0.02, 0.031, 0.062, 0.121, 0.187, 0.326, 0.594, 1.098],
    2048: [0.029, 0.056, 0.109, 0.215, 0.341, 0.629, 1.186, 2.142],
  },
  prefillMs: [
    [128, 0, 0.016],
    [256, 0, 0.033],
    [512, 0, 0.103],
    [1024, 0, 0.262],
    [2048, 0, 0.781],
    [4096, 0, 2.742],
    [128, 512, 0.04],
    [128, 1024, 0.055],
    [128, 2048, 0.072],
    [256, 512, 0.068],
    [256, 2048, 0.125],
    [288, 1024, 0.095],
    [992, 1024, 0.372],
    [1984, 1024, 0.964],
    [1984, 2048, 1.189],
    [2048, 512, 0.886],
    [3136, 960, 2.026],
    [3584, 512, 2.323],
  ],
};

/** Llama-3-8B on A100-80G, attention_backend FLASHINFER, block size 16. */
export const llama3_8bA100FlashInfer: AttentionTable = {
  decodeMs: {
    512: [0.024, 0.024, 0.026, 0.034, 0.038, 0.06, 0.104, 0.181],
    1024: [0.024, 0.025, 0.026, 0.039, 0.064, 0.099, 0.181, 0.347],
    2048: [0.025, 0.025, 0.038, 0.059, 0.111, 0.177, 0.339, 0.67],
  },
  prefillMs: [
    [128, 0, 0.015],
    [256, 0, 0.022],
    [512, 0, 0.048],
    [1024, 0, 0.11],
    [2048, 0, 0.31],
    [4096, 0, 0.967],
    [128, 1024, 0.055],
    [512, 2048, 0.201],
    [2048, 2048, 0.763],
  ],
};

/** The decode figure of `table` at batch `b` (one of ATTENTION_BATCHES) and context `c`. */
export function decodeMsAt(table: AttentionTable, b: number, c: number): number {
  const ms = table.decodeMs[c]?.[ATTENTION_BATCHES.indexOf(b as (typeof ATTENTION_BATCHES)[number])];
  if (ms === undefined) throw new Error(`no decode figure at batch ${b}, context ${c}`);
  return ms;
}

/** The prefill figure of `table` for a chunk of `n` tokens after a cached prefix of `p`. */
export function prefillMsAt(table: AttentionTable, n: number, p: number): number {
  const row = table.prefillMs.find(([chunk, prefix]) => chunk === n && prefix === p);
  if (row === undefined) throw new Error(`no prefill figure at ${n} tokens after ${p}`);
  return row[2];
}
