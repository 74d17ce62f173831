import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../src/messages.js";
import { Cluster } from "../../src/model/cluster.js";
import { loadScenario } from "../../src/scenario/load.js";
import { resolvePolicies } from "../../src/run/resolve-policies.js";
import { simulate } from "../../src/sim/simulate.js";
import { MemorySink, repoRoot, scenarioFrom } from "../helpers.js";
import { runFleet, serviceSpec, TestHost } from "./harness.js";
import { createInferenceFleet } from "../../src/sim/inference/fleet.js";
import { discardRows } from "../../src/metrics/row-sink.js";

/** Issue 12: services that can never run are bad input; prompts over the token budget are rejected as vLLM does. */

function scenarioFile(service: Record<string, unknown>, nodes: Record<string, unknown>[]): string {
  const dir = mkdtempSync(join(tmpdir(), "gpufleet-bad-service-"));
  const file = join(dir, "svc.json");
  const doc = {
    name: "svc",
    horizon: { durationS: 60 },
    cluster: { nodes },
    workloads: [{ kind: "inference", name: "chat", model: "llama-3-8b", gpu: "H100-SXM", arrival: { process: "poisson", ratePerS: 1 }, ...service }],
  };
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

function loadError(file: string): string {
  try {
    loadScenario(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error("loadScenario accepted the scenario");
}

describe("a service that can never fit is bad input (exit 2 at load and validate)", () => {
  it("tensor parallelism wider than every node of its GPU type", () => {
    const file = scenarioFile({ replicas: { count: 1, tensorParallel: 16 } }, [{ count: 4, gpu: "H100-SXM", gpusPerNode: 8 }]);
    const text = loadError(file);
    expect(text).not.toContain("\n");
    expect(text).toBe(
      `${file}: workloads.0.replicas.tensorParallel: service "chat" can never run a replica: tensorParallel 16 is wider than every H100-SXM node (the largest has 8 GPUs; a replica runs within one node)`,
    );
  });

  it("weights larger than the GPU's usable HBM", () => {
    const file = scenarioFile({ model: "llama-3-70b", gpu: "L4", replicas: { count: 1, tensorParallel: 1 } }, [{ count: 2, gpu: "L4", gpusPerNode: 1 }]);
    const text = loadError(file);
    expect(text).not.toContain("\n");
    expect(text).toContain('workloads.0.model: service "chat" can never run a replica: weights of llama-3-70b need 141.2 GB per GPU at tensorParallel 1');
  });

  it("weights that fit but leave no room for a KV block", () => {
    // 16.06 GB of llama-3-8b weights in 0.18698 × 80 GiB = 16.0614 GB usable: 1.4 MB left, less than one 16-token block (2.1 MB).
    const file = scenarioFile({ replicas: { count: 1, tensorParallel: 1 }, kvCache: { gpuMemoryUtilization: 0.18698 } }, [{ count: 1, gpu: "H100-SXM", gpusPerNode: 1 }]);
    expect(loadError(file)).toContain("weights of llama-3-8b need 16.1 GB per GPU at tensorParallel 1 out of the 16.1 GB (kvCache.gpuMemoryUtilization 0.18698 × 85.9 GB HBM) H100-SXM offers");
    expect(loadError(file)).toContain("which leaves no room for one KV-cache block");
  });

  it("no node of the service's GPU type", () => {
    const file = scenarioFile({ gpu: "A100-80G" }, [{ count: 1, gpu: "H100-SXM", gpusPerNode: 8 }]);
    expect(loadError(file)).toContain('workloads.0.gpu: service "chat" can never run a replica: the cluster has no A100-80G node');
  });

  it("library callers that skip loading get the same error from the fleet", () => {
    const host = new TestHost(new Cluster([{ count: 1, gpu: "H100-SXM", gpusPerNode: 2 }]));
    expect(() => createInferenceFleet(host, [serviceSpec({ replicas: { count: 1, tensorParallel: 4 } })], { requests: discardRows }, { warmupS: 0, horizonS: 10 })).toThrow(
      /service "chat" can never run a replica: tensorParallel 4 is wider than every H100-SXM node/,
    );
  });

  it("a service that fits loads", () => {
    const file = scenarioFile({ replicas: { count: 1, tensorParallel: 8 } }, [{ count: 1, gpu: "H100-SXM", gpusPerNode: 8 }]);
    expect(loadScenario(file).workloads).toHaveLength(1);
  });
});

describe("a prompt longer than maxBatchTokens without chunked prefill", () => {
  const batching = { maxBatchSize: 64, maxBatchTokens: 2048, chunkedPrefill: false };

  it("is rejected at arrival, counted, and warned about once", () => {
    const run = runFleet([serviceSpec({ count: 40, arrival: { process: "poisson", ratePerS: 20 }, promptTokens: { dist: "choice", values: [512, 3000], weights: [1, 1] }, outputTokens: 16, batching })]);
    const long = run.rows.filter((r) => Number(r.promptTokens) > 2048);
    const short = run.rows.filter((r) => Number(r.promptTokens) <= 2048);
    expect(long.length).toBeGreaterThan(5);
    for (const r of long) {
      expect(r.status).toBe("rejected");
      expect(r.endS).toBe(r.arrivalS);
      expect(r.startS).toBe("");
    }
    for (const r of short) expect(r.status).toBe("completed");
    expect(run.summary.rejected).toBe(long.length);
    expect(run.fleet.warnings()).toEqual([
      `warning: service "chat": ${long.length} request(s) rejected at arrival: prompt longer than batching.maxBatchTokens (2048) with batching.chunkedPrefill off, as vLLM rejects them (turn on chunkedPrefill or raise maxBatchTokens)`,
    ]);
  });

  it("is served with chunked prefill, and no warning is given", () => {
    const run = runFleet([serviceSpec({ count: 20, arrival: { process: "poisson", ratePerS: 20 }, promptTokens: 3000, outputTokens: 16, batching: { ...batching, chunkedPrefill: true } })]);
    expect(run.summary.completed).toBe(20);
    expect(run.fleet.warnings()).toEqual([]);
  });

  it("a scenario run passes the warning line to its sink and counts requests.rejected", async () => {
    const scenario = scenarioFrom({
      name: "long-prompts",
      cluster: { nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 1 }] },
      workloads: [{ kind: "inference", name: "chat", model: "llama-3-8b", gpu: "H100-SXM", count: 10, arrival: { process: "constant", ratePerS: 2 }, promptTokens: 5000, outputTokens: 8, batching }],
    });
    const policies = await resolvePolicies(scenario, "test.yaml", repoRoot);
    const warnings: string[] = [];
    const summary = simulate(scenario, policies, { jobs: new MemorySink(), timeseries: new MemorySink(), requests: new MemorySink(), warn: (line) => warnings.push(line) });
    expect(summary.requests?.rejected).toBe(10);
    expect(summary.requests?.completed).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("10 request(s) rejected at arrival");
  });
});
