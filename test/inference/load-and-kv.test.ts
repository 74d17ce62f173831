import { describe, expect, it } from "vitest";
import { runFleet, serviceSpec } from "./harness.js";

describe("queueing as load rises", () => {
  const rates = [5, 20, 40, 80, 160];
  const runs = rates.map((rate) =>
    runFleet([serviceSpec({ count: rate * 60, arrival: { process: "poisson", ratePerS: rate }, promptTokens: 512, outputTokens: 128 })], undefined, { horizonS: 60 }),
  );

  it("TTFT grows with load", () => {
    const ttft = runs.map((r) => r.summary.ttftS.mean as number);
    for (let i = 1; i < ttft.length; i++) expect(ttft[i]).toBeGreaterThan(ttft[i - 1] as number);
    expect(ttft[4]).toBeGreaterThan(10 * (ttft[0] as number));
  });

  it("throughput follows the offered load, then saturates", () => {
    const tput = runs.map((r) => r.summary.throughputPerS);
    expect(tput[0]).toBeCloseTo(5, -0.5);
    expect(tput[1]).toBeGreaterThan(17);
    expect(tput[3]).toBeLessThan(80 * 0.9);
    expect(Math.abs((tput[4] as number) - (tput[3] as number)) / (tput[3] as number)).toBeLessThan(0.1);
    const batches = runs.map((r) => r.summary.batchSize.mean as number);
    expect(batches[4]).toBeGreaterThan(batches[0] as number);
  });
});

describe("KV cache limits the batch", () => {
  const spec = serviceSpec({ count: 300, arrival: { process: "poisson", ratePerS: 50 }, promptTokens: 512, outputTokens: 512, kvCache: { blockTokens: 16, gpuMemoryUtilization: 0.9, maxTokens: 8192 } });
  const run = runFleet([spec]);

  it("preempts (recompute) when blocks run out and counts it", () => {
    const perRow = run.rows.reduce((n, r) => n + (r.preemptions as number), 0);
    expect(run.summary.preemptions).toBeGreaterThan(0);
    expect(perRow).toBe(run.summary.preemptions);
    expect(run.summary.completed).toBe(300);
    // The batch never holds more sequences than the cache could start: 8192 / 512 prompt tokens.
    expect(run.summary.batchSize.max).toBeLessThanOrEqual(16);
    expect(run.summary.kvUtilization).toBeGreaterThan(0.5);
  });

  it("needs no preemption with the full cache", () => {
    const roomy = runFleet([serviceSpec({ ...spec, kvCache: { blockTokens: 16, gpuMemoryUtilization: 0.9 } })]);
    expect(roomy.summary.preemptions).toBe(0);
  });

  it("rejects a request that could never fit", () => {
    const tiny = runFleet([serviceSpec({ ...spec, count: 5, kvCache: { blockTokens: 16, gpuMemoryUtilization: 0.9, maxTokens: 512 } })]);
    expect(tiny.summary.rejected).toBe(5);
  });

  it("chunked prefill bounds the tokens of an iteration and still completes", () => {
    const chunked = runFleet([serviceSpec({ count: 50, arrival: { process: "poisson", ratePerS: 20 }, promptTokens: 3000, outputTokens: 32, batching: { maxBatchSize: 64, maxBatchTokens: 1024, chunkedPrefill: true } })]);
    expect(chunked.summary.completed).toBe(50);
    // A 3000-token prompt needs three 1024-token iterations at least: TTFT above three prefill chunks.
    expect(chunked.summary.ttftS.p50 as number).toBeGreaterThan(0.02);
  });
});

describe("prefill-only requests", () => {
  it("embedding models keep no KV and have no TPOT", () => {
    const run = runFleet([serviceSpec({ name: "embed", model: "bge-large-en", count: 200, arrival: { process: "poisson", ratePerS: 100 }, promptTokens: 256, outputTokens: 128 })]);
    expect(run.summary.completed).toBe(200);
    expect(run.summary.tpotS.count).toBe(0);
    expect(run.summary.kvUtilization).toBe(0);
    for (const r of run.rows) {
      expect(r.outputTokens).toBe(0);
      expect(r.tpotS).toBe("");
      expect(r.ttftS).toBe(r.e2eS);
    }
  });

  it("an embedding class of a chat service is prefill only", () => {
    const run = runFleet([
      serviceSpec({
        count: 300,
        arrival: { process: "poisson", ratePerS: 20 },
        classes: [
          { name: "chat", weight: 2, slo: { ttftS: 0.5, tpotS: 0.05 } },
          { name: "embedding", weight: 1, outputTokens: 0 },
          { name: "reasoning", weight: 1, outputTokens: { dist: "lognormal", mean: 2000, cv: 0.5 } },
        ],
      }),
    ]);
    const embed = run.rows.filter((r) => r.class === "embedding");
    expect(embed.length).toBeGreaterThan(30);
    for (const r of embed) expect([r.outputTokens, r.tpotS]).toEqual([0, ""]);
    const classes = run.summary.classes;
    expect(Object.keys(classes)).toEqual(["chat/chat", "chat/embedding", "chat/reasoning"]);
    expect(classes["chat/reasoning"]?.e2eS.mean as number).toBeGreaterThan(5 * (classes["chat/chat"]?.e2eS.mean as number));
    expect(classes["chat/embedding"]?.tpotS.count).toBe(0);
  });
});
