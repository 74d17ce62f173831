import { describe, expect, it } from "vitest";
import { defaultLlmCostOptions, llmIterationCost } from "../../src/cost/llm-iteration.js";
import { gpuCatalog } from "../../src/model/gpus.js";
import { modelCatalog } from "../../src/workload/models.js";
import { runFleet, serviceSpec } from "./harness.js";

const m = modelCatalog["llama-3-8b"];
const g = gpuCatalog["H100-SXM"];
// The harness's service spec writes these efficiencies out (the pre-fit defaults of 0.6 and 0.8).
const flopsEfficiency = 0.6;
const memoryEfficiency = 0.8;
const cost = llmIterationCost(m, g, 1, { ...defaultLlmCostOptions, flopsEfficiency, memoryEfficiency });

/** One iteration of llama-3-8b on one H100 under the cost model with the harness's efficiencies. */
function iterationS(prefill: number, decode: number, pairs: number, kvRead: number): number {
  return cost.iterationTimeS({ prefillTokens: prefill, decodeTokens: decode, attentionPairs: pairs, kvTokensRead: kvRead });
}

/** The sharp roofline, written out independently of src/cost: a lower bound of the smooth one. */
function sharpRooflineS(prefill: number, decode: number, pairs: number, kvRead: number): number {
  const kvPerToken = 2 * m.layers * m.kvHeads * (m.hiddenSize / m.heads) * 2;
  const tokens = prefill + decode;
  const lmHead = 128256 * m.hiddenSize;
  const layerParams = m.parameters - 2 * lmHead;
  const flops = 2 * layerParams * tokens + 4 * m.layers * m.hiddenSize * pairs + 2 * lmHead;
  const bytes = 2 * (layerParams + lmHead) + kvPerToken * (kvRead + tokens);
  return 0.0005 + Math.max(flops / (g.peakFlopsPerS.bf16 * flopsEfficiency), bytes / (g.hbmBytesPerS * memoryEfficiency));
}

describe("a single replica at low load", () => {
  const prompt = 512;
  const output = 128;
  const run = runFleet([serviceSpec({ count: 20, arrival: { process: "constant", ratePerS: 0.05 }, promptTokens: prompt, outputTokens: output })]);
  const completed = run.rows.filter((r) => r.status === "completed");

  it("runs each request alone", () => {
    expect(completed).toHaveLength(20);
    expect(run.summary.batchSize.max).toBe(1);
  });

  it("TTFT equals the prefill iteration of the cost model, above the sharp roofline and within 1.5x of it", () => {
    const expected = iterationS(prompt, 0, (prompt * (prompt + 1)) / 2, 0);
    for (const r of completed) expect(r.ttftS as number).toBeCloseTo(expected, 5);
    const sharp = sharpRooflineS(prompt, 0, (prompt * (prompt + 1)) / 2, 0);
    expect(expected).toBeGreaterThan(sharp);
    expect(expected).toBeLessThan(1.5 * sharp);
  });

  it("TPOT equals the mean decode iteration of the cost model", () => {
    let sum = 0;
    let sharp = 0;
    for (let generated = 1; generated < output; generated++) {
      const context = prompt + generated - 1;
      sum += iterationS(0, 1, context + 1, context);
      sharp += sharpRooflineS(0, 1, context + 1, context);
    }
    const expected = sum / (output - 1);
    for (const r of completed) expect(r.tpotS as number).toBeCloseTo(expected, 5);
    // Decode at batch 1 is memory bound: the weights over the sustained bandwidth, plus at most the kernel
    // floors (32 layers x (6 short kernels x 4.5 us + FlashInfer's 24 us decode-attention floor), 1.63 ms).
    expect(expected).toBeGreaterThan(sharp / (output - 1));
    expect(expected).toBeLessThan(sharp / (output - 1) + 32 * (6 * 4.5e-6 + 24e-6));
  });

  it("tensor parallelism adds the all-reduce and divides the roofline", () => {
    const tp2 = runFleet([serviceSpec({ count: 5, arrival: { process: "constant", ratePerS: 0.05 }, promptTokens: prompt, outputTokens: 2, replicas: { count: 1, tensorParallel: 2 } })], [{ count: 1, gpu: "H100-SXM", gpusPerNode: 2 }]);
    const ttft2 = tp2.rows[0]?.ttftS as number;
    const single = iterationS(prompt, 0, (prompt * (prompt + 1)) / 2, 0);
    expect(ttft2).toBeLessThan(single);
    expect(ttft2).toBeGreaterThan((single - 0.0005) / 2 + 0.0005);
  });
});
