import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { discardRows } from "../src/metrics/row-sink.js";
import { Cluster } from "../src/model/cluster.js";
import { createInferenceFleet } from "../src/sim/inference/fleet.js";
import type { InferenceServiceSpec } from "../src/workload/inference-service.js";
import { benchHost } from "./inference.js";
import type { Benchmark, BenchResult } from "./types.js";

/** The Azure LLM inference 2023 conversation trace (19,366 requests over one hour), read in place. */
const TRACE = new URL("../../../shared/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv", import.meta.url);
/** The same path when run from the compiled `dist-bench/bench/` directory. */
const TRACE_FROM_DIST = new URL("../../../shared/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv", new URL("../", import.meta.url));

/** Replicas serving the trace. */
const REPLICAS = 16;

function tracePath(): string {
  for (const url of [TRACE, TRACE_FROM_DIST]) if (existsSync(url)) return url.pathname;
  throw new Error(`azure-conv-16 needs ../shared/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv beside the repository (looked at ${TRACE.pathname})`);
}

/** llama-3-8b on 16 single-GPU H100-SXM replicas, arrivals and tokens replayed from the trace. */
function azureService(trace: string): InferenceServiceSpec {
  return {
    kind: "inference", name: "conv", model: "llama-3-8b", gpu: "H100-SXM",
    replicas: { count: REPLICAS, tensorParallel: 1 }, startS: 0,
    arrival: { trace, format: "azure-llm", timeScale: 1, lenient: false },
    promptTokens: 1, outputTokens: 1,
    batching: { maxBatchSize: 256, maxBatchTokens: 8192, chunkedPrefill: false },
    kvCache: { blockTokens: 16, gpuMemoryUtilization: 0.9 }, router: "least-outstanding", slo: { ttftS: 0.5, tpotS: 0.05 },
    priority: 1, tenant: "default", preemptTraining: false, wanLatencyS: 0.05, maxRetries: 2,
    costModel: { flopsEfficiency: 0.6, memoryEfficiency: 0.8, iterationOverheadS: 0.0005, allReduceLatencyS: 5e-6, allReduceEfficiency: 0.7 },
  };
}

function runOnce(trace: string): BenchResult {
  const host = benchHost(new Cluster([{ count: REPLICAS, gpu: "H100-SXM", gpusPerNode: 1 }]), 7);
  // Reading the trace (in the fleet's setup) is outside the timed section: it measures the simulation.
  const fleet = createInferenceFleet(host, [azureService(trace)], { requests: discardRows }, { warmupS: 0, horizonS: Number.POSITIVE_INFINITY });
  const startMs = performance.now();
  fleet.start();
  host.sim.run();
  fleet.finish(host.sim.nowS);
  const summary = fleet.summary(host.sim.nowS);
  const wallS = (performance.now() - startMs) / 1000;
  const events = host.sim.eventsProcessed;
  return { name: "azure-conv-16", wallS, events, eventsPerS: events / wallS, requests: summary.submitted, requestsPerS: summary.submitted / wallS, iterations: summary.iterations, completed: summary.completed };
}

/** The Azure conversation trace on 16 single-GPU llama-3-8b H100 replicas (issue 11 item 4; target under 1 s). */
export const azureConvBench: Benchmark = {
  name: "azure-conv-16",
  run(): BenchResult {
    const trace = tracePath();
    runOnce(trace); // warm-up: JIT and caches
    return runOnce(trace);
  },
};

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) process.stdout.write(`${JSON.stringify(azureConvBench.run())}\n`);
