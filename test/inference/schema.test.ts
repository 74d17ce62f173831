import { describe, expect, it } from "vitest";
import { inferenceWorkloadSchema, toInferenceService } from "../../src/scenario/inference-schema.js";
import { runFleet } from "./harness.js";

describe("inference workload schema", () => {
  it("accepts DESIGN §5's example and fills defaults the fleet runs with", () => {
    const w = inferenceWorkloadSchema.parse({
      kind: "inference",
      name: "chat",
      model: "llama-3-8b",
      gpu: "H100-SXM",
      replicas: { count: 4, tensorParallel: 1 },
      count: 500,
      arrival: { process: "poisson", ratePerS: 20 },
      promptTokens: { dist: "lognormal", mean: 1000, cv: 1 },
      outputTokens: { dist: "lognormal", mean: 200, cv: 1 },
      batching: { maxBatchSize: 256, maxBatchTokens: 8192 },
      router: "least-outstanding",
      slo: { ttftS: 0.5, tpotS: 0.05 },
    });
    expect(w.kvCache.blockTokens).toBe(16);
    expect(w.batching.chunkedPrefill).toBe(false);
    const run = runFleet([toInferenceService(w)], [{ count: 4, gpu: "H100-SXM", gpusPerNode: 1 }]);
    expect(run.summary.completed + run.summary.rejected).toBe(500);
    expect(run.summary.sloAttainment).toBeGreaterThan(0.9);
  });

  it("accepts an inline MoE model, classes, an autoscaler and a trace arrival", () => {
    const w = inferenceWorkloadSchema.parse({
      kind: "inference",
      name: "moe",
      model: { name: "my-moe", parameters: 46.7e9, activeParameters: 12.9e9, layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8 },
      gpu: "H100-SXM",
      replicas: { count: 1, tensorParallel: 2 },
      arrival: { trace: "x.csv" },
      classes: [{ name: "chat" }, { name: "embedding", outputTokens: 0 }],
      autoscaler: { maxReplicas: 4 },
    });
    expect(typeof w.model === "object" && w.model.bytesPerParameter).toBe(2);
    expect("trace" in w.arrival && w.arrival.format).toBe("azure-llm");
    expect(w.autoscaler?.policy).toBe("target-utilization");
  });

  it("rejects unknown routers and replica counts outside the autoscaler's range", () => {
    const base = { kind: "inference", name: "s", model: "llama-3-8b", gpu: "H100-SXM", arrival: { process: "poisson", ratePerS: 1 } };
    expect(inferenceWorkloadSchema.safeParse({ ...base, router: "nope" }).success).toBe(false);
    expect(inferenceWorkloadSchema.safeParse({ ...base, replicas: { count: 9 }, autoscaler: { maxReplicas: 4 } }).success).toBe(false);
    expect(inferenceWorkloadSchema.safeParse({ ...base, model: "gpt-9" }).success).toBe(false);
  });
});
