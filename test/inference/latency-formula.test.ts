import { describe, expect, it } from "vitest";
import { gpuCatalog } from "../../src/model/gpus.js";
import { modelCatalog } from "../../src/workload/models.js";
import { runFleet, serviceSpec } from "./harness.js";

/** The roofline of the issue, written out independently of src/cost (llama-3-8b on one H100). */
function rooflineS(prefill: number, decode: number, pairs: number, kvRead: number): number {
  const m = modelCatalog["llama-3-8b"];
  const g = gpuCatalog["H100-SXM"];
  const kvPerToken = 2 * m.layers * m.kvHeads * (m.hiddenSize / m.heads) * 2;
  const tokens = prefill + decode;
  const flops = 2 * m.activeParameters * tokens + 4 * m.layers * m.hiddenSize * pairs;
  const bytes = 2 * m.parameters + kvPerToken * (kvRead + tokens);
  return 0.0005 + Math.max(flops / (g.peakFlopsPerS.bf16 * 0.6), bytes / (g.hbmBytesPerS * 0.8));
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

  it("TTFT equals the prefill iteration of the roofline", () => {
    const expected = rooflineS(prompt, 0, (prompt * (prompt + 1)) / 2, 0);
    for (const r of completed) expect(r.ttftS as number).toBeCloseTo(expected, 5);
  });

  it("TPOT equals the mean decode iteration of the roofline", () => {
    let sum = 0;
    for (let generated = 1; generated < output; generated++) {
      const context = prompt + generated - 1;
      sum += rooflineS(0, 1, context + 1, context);
    }
    const expected = sum / (output - 1);
    for (const r of completed) expect(r.tpotS as number).toBeCloseTo(expected, 5);
    // Decode at batch 1 is memory bound: about the weights over the bandwidth.
    expect(expected).toBeGreaterThan((2 * 8.03e9) / 3.35e12 / 0.8);
  });

  it("tensor parallelism adds the all-reduce and divides the roofline", () => {
    const tp2 = runFleet([serviceSpec({ count: 5, arrival: { process: "constant", ratePerS: 0.05 }, promptTokens: prompt, outputTokens: 2, replicas: { count: 1, tensorParallel: 2 } })], [{ count: 1, gpu: "H100-SXM", gpusPerNode: 2 }]);
    const ttft2 = tp2.rows[0]?.ttftS as number;
    const single = rooflineS(prompt, 0, (prompt * (prompt + 1)) / 2, 0);
    expect(ttft2).toBeLessThan(single);
    expect(ttft2).toBeGreaterThan((single - 0.0005) / 2 + 0.0005);
  });
});
