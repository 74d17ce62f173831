import { existsSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NodeGroupSpec } from "../../src/model/cluster.js";
import type { RouterPolicyName } from "../../src/policies/router/registry.js";
import type { InferenceServiceSpec } from "../../src/workload/inference-service.js";
import { type FleetRun, runFleet, serviceSpec } from "./harness.js";

/**
 * Issue 11 item 4: a replica advances a run of decode iterations whose batch cannot change in one
 * event. Everything observable must be what one event per iteration gives: requests.csv rows, the
 * requests summary (KV utilization, batch sizes, iteration count), timeseries samples and busy GPUs.
 */

interface Case {
  services: InferenceServiceSpec[];
  nodes: NodeGroupSpec[];
  seed: number;
  horizonS?: number;
  sampleS: number;
  failAtS?: number;
}

function run(c: Case, maxIterationsPerEvent: number | undefined): FleetRun & { events: number } {
  let failed = false;
  const result = runFleet(c.services, c.nodes, {
    seed: c.seed,
    sampleS: c.sampleS,
    maxIterationsPerEvent,
    ...(c.horizonS === undefined ? {} : { horizonS: c.horizonS }),
    before: (host) => {
      if (c.failAtS === undefined) return;
      host.sim.scheduleAt(c.failAtS, () => {
        if (failed) return;
        failed = true;
        const first = [...host.leases.keys()][0];
        if (first !== undefined) host.fail(first);
      });
    },
  });
  return { ...result, events: result.host.sim.eventsProcessed };
}

/** Both paths give the same observable run; the batched one needs fewer events when there are runs to batch. */
function expectIdentical(c: Case, cap?: number): { reference: number; batched: number } {
  const reference = run(c, 1);
  const batched = run(c, cap);
  expect(batched.rows).toEqual(reference.rows);
  expect(batched.summary).toEqual(reference.summary);
  expect(batched.timeseries).toEqual(reference.timeseries);
  expect(batched.simulatedS).toBe(reference.simulatedS);
  expect(batched.host.busyGpus).toBe(reference.host.busyGpus);
  expect(batched.events).toBeLessThanOrEqual(reference.events);
  return { reference: reference.events, batched: batched.events };
}

const routers: RouterPolicyName[] = ["round-robin", "random", "least-outstanding", "power-of-two", "least-kv"];

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    replicas: fc.integer({ min: 1, max: 3 }),
    tp: fc.constantFrom(1, 2),
    ratePerS: fc.double({ min: 2, max: 120, noNaN: true }),
    count: fc.integer({ min: 20, max: 160 }),
    prompt: fc.double({ min: 20, max: 1500, noNaN: true }),
    output: fc.double({ min: 1, max: 300, noNaN: true }),
    maxBatchSize: fc.integer({ min: 1, max: 64 }),
    maxBatchTokens: fc.integer({ min: 512, max: 8192 }),
    chunkedPrefill: fc.boolean(),
    kvTokens: fc.constantFrom(undefined, 4096, 16384, 65536),
    blockTokens: fc.constantFrom(1, 8, 16, 32),
    router: fc.constantFrom(...routers),
    autoscale: fc.boolean(),
    maxQueued: fc.constantFrom(undefined, 5, 50),
    horizonS: fc.constantFrom(undefined, 1.5, 4),
    failAtS: fc.constantFrom(undefined, 0.7, 2.3),
    sampleS: fc.constantFrom(0.05, 0.37),
  })
  .map((p) => {
    const service = serviceSpec({
      replicas: { count: p.replicas, tensorParallel: p.tp },
      count: p.count,
      arrival: { process: "poisson", ratePerS: p.ratePerS },
      promptTokens: { dist: "lognormal", mean: p.prompt, cv: 1 },
      outputTokens: { dist: "lognormal", mean: p.output, cv: 1.2 },
      batching: { maxBatchSize: p.maxBatchSize, maxBatchTokens: p.maxBatchTokens, chunkedPrefill: p.chunkedPrefill },
      kvCache: { blockTokens: p.blockTokens, gpuMemoryUtilization: 0.9, ...(p.kvTokens === undefined ? {} : { maxTokens: p.kvTokens }) },
      router: p.router,
      maxRetries: 1,
      ...(p.maxQueued === undefined ? {} : { maxQueuedRequests: p.maxQueued }),
      ...(p.autoscale
        ? {
            autoscaler: {
              policy: "queue-length",
              minReplicas: 1,
              maxReplicas: p.replicas + 2,
              intervalS: 0.25,
              provisioningDelayS: 0.4,
              targetUtilization: 0.6,
              targetOutstanding: 4,
              scaleDownDelayS: 0.5,
            },
          }
        : {}),
    });
    return {
      services: [service],
      nodes: [{ count: p.replicas + 2, gpu: "H100-SXM" as const, gpusPerNode: 2 }],
      seed: p.seed,
      sampleS: p.sampleS,
      ...(p.horizonS === undefined ? {} : { horizonS: p.horizonS }),
      ...(p.failAtS === undefined ? {} : { failAtS: p.failAtS }),
    };
  });

describe("batched decode iterations", () => {
  it("give the same rows, summary, timeseries and busy GPUs as one event per iteration (random services and loads)", () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(undefined, 2, 7), (c, cap) => {
        expectIdentical(c, cap);
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it("collapse a steady decode batch into few events", () => {
    // Two long generations on one replica: nothing changes the batch for hundreds of iterations.
    const c: Case = {
      services: [serviceSpec({ count: 2, arrival: { process: "constant", ratePerS: 100 }, promptTokens: 100, outputTokens: 600 })],
      nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 1 }],
      seed: 3,
      sampleS: 0.5,
    };
    const { reference, batched } = expectIdentical(c);
    expect(reference).toBeGreaterThan(600);
    expect(batched).toBeLessThan(80);
  });

  it("a KV cache that runs out mid-run preempts at the same iteration", () => {
    const c: Case = {
      services: [
        serviceSpec({
          count: 12,
          arrival: { process: "constant", ratePerS: 50 },
          promptTokens: 200,
          outputTokens: 400,
          kvCache: { blockTokens: 16, gpuMemoryUtilization: 0.9, maxTokens: 3200 },
        }),
      ],
      nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 1 }],
      seed: 5,
      sampleS: 0.1,
    };
    const reference = run(c, 1);
    expect(reference.summary.completed).toBe(12);
    expect(reference.rows.some((r) => Number(r.preemptions) > 0)).toBe(true);
    expectIdentical(c);
  });

  const trace = new URL("../../../shared/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv", import.meta.url).pathname;
  it.skipIf(!existsSync(trace))("the Azure conversation trace sample on 16 replicas", () => {
    const service = serviceSpec({
      name: "conv",
      replicas: { count: 16, tensorParallel: 1 },
      arrival: { trace, format: "azure-llm", timeScale: 1, lenient: false, limit: 1500 },
      router: "least-kv",
    });
    const { reference, batched } = expectIdentical({ services: [service], nodes: [{ count: 16, gpu: "H100-SXM", gpusPerNode: 1 }], seed: 1, sampleS: 1 });
    expect(batched * 5).toBeLessThan(reference);
  });
});
