/**
 * The attention kernels on Hopper (H100 SXM5) against the FlashAttention authors' published kernel
 * benchmarks. No per-kernel H100 table at Llama shapes was found (Vidur's and NVIDIA aiconfigurator's
 * H100 attention tables are stored as Git LFS pointers only), so these checks use the benchmark both
 * FlashAttention papers run on A100 and H100 alike: a forward pass over 16k tokens in all (batch x
 * sequence length = 16,384), hidden dimension 2048 in 16 heads of dimension 128, counted as
 * 4·seqlen²·headDim·heads FLOPs, halved under a causal mask. Only prefill is covered: neither paper
 * times decode, and no public H100 decode-attention figure at batch 1-128 x 512-2,048 tokens was found.
 *
 * Sources (figures copied by hand; no data file is in this repository):
 *   - Dao 2023, "FlashAttention-2: Faster Attention with Better Parallelism and Work Partitioning",
 *     and its release post (Together AI / Tri Dao, 17 July 2023): FlashAttention-2 reaches "up to
 *     230 TFLOPs/s on A100 GPUs" and, "just running the same implementation on H100 SXM5 GPUs (using
 *     no special instructions ...), up to 335 TFLOPs/s".
 *   - Shah, Bikshandi, Zhang, Thakkar, Ramani, Dao 2024, "FlashAttention-3: Fast and Accurate Attention
 *     with Asynchrony and Low-precision", Fig. 5(c) and 5(d): forward speed on H100 80GB SXM5, BF16,
 *     head dimension 128, clock fixed at 1,830 MHz (the 989 TFLOP/s peak), FlashAttention 2.5.8 and
 *     FlashAttention-3, without and with the causal mask.
 *
 * The model is llmIterationCost(...).breakdown(work).attentionS for one layer of that shape, the
 * batch as one iteration of `batch` fresh prompts (pairs: batch · s(s+1)/2), on the catalog's
 * A100-80G and H100-SXM.
 */
import { describe, expect, it } from "vitest";
import { type AttentionKernelName, attentionKernels, defaultLlmCostOptions, llmIterationCost } from "../../src/cost/llm-iteration.js";
import { type GpuSpec, gpuCatalog } from "../../src/model/gpus.js";
import type { ModelSpec } from "../../src/workload/models.js";

/** The benchmark's attention layer: hidden 2048, 16 heads of 128, no GQA. */
const bench: ModelSpec = { name: "fa-benchmark", parameters: 1e9, activeParameters: 1e9, layers: 1, hiddenSize: 2048, heads: 16, kvHeads: 16, bytesPerParameter: 2, maxContextTokens: 16384, embedding: false };
const TOTAL_TOKENS = 16384;
const SEQLENS = [512, 1024, 2048, 4096, 8192, 16384] as const;
/** Shah et al. 2024, Fig. 5(d): causal, head dimension 128, H100 SXM5, TFLOP/s at each of SEQLENS. */
const FA2_CAUSAL_H100 = [191, 260, 298, 319, 333, 335];
const FA3_CAUSAL_H100 = [292, 423, 521, 579, 602, 616];
/** FlashAttention-2's best forward rate, TFLOP/s: A100 (Dao 2023) and H100 (release post; FA3 Fig. 5(c), 8k-16k). */
const FA2_MAX_A100 = 230;
const FA2_MAX_H100 = [335, 370] as const;

const h100 = gpuCatalog["H100-SXM"];
const a100 = gpuCatalog["A100-80G"];

/** The model's causal forward rate, TFLOP/s as the papers count it, at sequence length `s`. */
function modelTflops(kernel: AttentionKernelName, gpu: GpuSpec, s: number): number {
  const cost = llmIterationCost(bench, gpu, 1, { ...defaultLlmCostOptions, attentionKernel: kernel });
  const batch = TOTAL_TOKENS / s;
  const seconds = cost.breakdown({ prefillTokens: TOTAL_TOKENS, decodeTokens: 0, attentionPairs: (batch * s * (s + 1)) / 2, kvTokensRead: 0 }).attentionS;
  return (batch * 2 * s * s * bench.hiddenSize) / seconds / 1e12;
}

function printRows(title: string, rows: string[]): void {
  if (process.env.PRINT_TABLE !== undefined) console.log(`${title}\n${rows.join("\n")}`);
}

describe("attention kernels on Hopper against the FlashAttention authors' H100 benchmarks", () => {
  it("flash-attention (FlashAttention-2's Ampere code): the H100/A100 rate ratio matches the same code's measured 1.46-1.61, not the 3.17 of the peaks", () => {
    // The kernel's rateOnArchitecture.hopper (0.5) was set from these two figures, so this pins
    // that constant to its sources rather than holding it out. Saturated shape: 16k-token prompts.
    const ratio = modelTflops("flash-attention", h100, 16384) / modelTflops("flash-attention", a100, 16384);
    const peaks = h100.peakFlopsPerS.bf16 / a100.peakFlopsPerS.bf16;
    const measured = FA2_MAX_H100.map((r) => r / FA2_MAX_A100);
    printRows("flash-attention H100/A100 rate ratio", [`model ${ratio.toFixed(3)} | measured ${measured.map((m) => m.toFixed(3)).join(", ")} | peaks ${peaks.toFixed(3)}`]);
    for (const m of measured) expect(Math.abs(ratio / m - 1)).toBeLessThan(0.1);
    expect(ratio).toBeCloseTo(peaks * (attentionKernels["flash-attention"].rateOnArchitecture.hopper ?? 1), 2);
  });

  it("flashinfer (the default, Hopper-native kernels): its rate over sequence length follows FlashAttention-3's on H100 within 6 % (held out)", () => {
    // Nothing was fitted on any Hopper GPU: the tile ramp and per-row cost come from the A100 fit.
    // Each curve is normalised to its own 16k rate, so this compares how the rate grows with the
    // sequence length, the part of the model that is GPU-independent.
    const model = SEQLENS.map((s) => modelTflops("flashinfer", h100, s));
    const modelAt16k = model[model.length - 1] ?? Number.NaN;
    const fa3At16k = FA3_CAUSAL_H100[FA3_CAUSAL_H100.length - 1] ?? Number.NaN;
    const rows: string[] = [];
    SEQLENS.forEach((s, i) => {
      const shapeModel = (model[i] ?? Number.NaN) / modelAt16k;
      const shapeMeasured = (FA3_CAUSAL_H100[i] ?? Number.NaN) / fa3At16k;
      rows.push(`seqlen ${s} | FA2 ${FA2_CAUSAL_H100[i]} | FA3 ${FA3_CAUSAL_H100[i]} | model ${(model[i] ?? 0).toFixed(0)} TFLOP/s | shape ${shapeModel.toFixed(3)} vs ${shapeMeasured.toFixed(3)} (${((shapeModel / shapeMeasured - 1) * 100).toFixed(1)} %)`);
      expect(Math.abs(shapeModel / shapeMeasured - 1)).toBeLessThan(0.06);
    });
    printRows("flashinfer on H100 against FlashAttention-2 and -3 (causal, head dim 128)", rows);
  });

  it("flashinfer's H100 rate lies between FlashAttention-2's and FlashAttention-3's at every sequence length", () => {
    // On the A100 the integrated FlashInfer kernels ran at 45 % of peak at 4,096 tokens, a little
    // under FlashAttention-2's own benchmarks there; on Hopper they should beat FlashAttention-2,
    // which cannot use wgmma, and not FlashAttention-3, whose design they borrow.
    SEQLENS.forEach((s, i) => {
      const rate = modelTflops("flashinfer", h100, s);
      expect(rate).toBeGreaterThan(FA2_CAUSAL_H100[i] ?? Number.POSITIVE_INFINITY);
      expect(rate).toBeLessThan(FA3_CAUSAL_H100[i] ?? 0);
    });
  });
});
