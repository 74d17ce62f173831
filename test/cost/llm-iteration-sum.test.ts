import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { llmIterationCost } from "../../src/cost/llm-iteration.js";
import { gpuCatalog } from "../../src/model/gpus.js";
import { modelCatalog } from "../../src/workload/models.js";

/**
 * iterationTimeS is computed without the breakdown object (the hot path of inference runs); it must
 * be exactly the breakdown's terms summed in their order, for every model, GPU, TP degree and work.
 */
describe("llmIterationCost.iterationTimeS", () => {
  const models = Object.values(modelCatalog);
  const gpus = [gpuCatalog["H100-SXM"], gpuCatalog["A100-80G"]];
  const work = fc.record({
    prefillTokens: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 8192 })),
    decodeTokens: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 512 })),
    attentionPairs: fc.integer({ min: 0, max: 50_000_000 }),
    kvTokensRead: fc.integer({ min: 0, max: 1_000_000 }),
    logitTokens: fc.option(fc.integer({ min: 0, max: 512 }), { nil: undefined }),
  });

  it("equals the sum of the breakdown, bit for bit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: models.length - 1 }), fc.integer({ min: 0, max: gpus.length - 1 }), fc.constantFrom(1, 2, 4, 8), work, (m, g, tp, w) => {
        const cost = llmIterationCost(models[m] as (typeof models)[number], gpus[g] as (typeof gpus)[number], tp);
        const b = cost.breakdown(w);
        const sum = b.overheadS + b.embeddingS + b.linearS + b.elementwiseS + b.attentionS + b.lmHeadS + b.allReduceS;
        expect(cost.iterationTimeS(w)).toBe(sum);
      }),
      { numRuns: 2000 },
    );
  });

  it("is the fixed overhead alone for an empty iteration and grows with the work", () => {
    const cost = llmIterationCost(modelCatalog["llama-3-8b"], gpuCatalog["H100-SXM"], 1);
    const empty = cost.iterationTimeS({ prefillTokens: 0, decodeTokens: 0, attentionPairs: 0, kvTokensRead: 0 });
    const one = cost.iterationTimeS({ prefillTokens: 0, decodeTokens: 1, attentionPairs: 1024, kvTokensRead: 1023 });
    const many = cost.iterationTimeS({ prefillTokens: 0, decodeTokens: 64, attentionPairs: 64 * 1024, kvTokensRead: 64 * 1023 });
    expect(empty).toBeGreaterThan(0);
    expect(one).toBeGreaterThan(empty);
    expect(many).toBeGreaterThan(one);
  });
});
