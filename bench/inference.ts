import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { RngStreams } from "../src/engine/rng.js";
import { Signal } from "../src/engine/signal.js";
import { Simulation } from "../src/engine/simulation.js";
import { discardRows } from "../src/metrics/row-sink.js";
import { Cluster } from "../src/model/cluster.js";
import { gpuSpec } from "../src/model/gpus.js";
import { createInferenceFleet } from "../src/sim/inference/fleet.js";
import type { ReplicaLease, ReplicaRequest, ServiceHost } from "../src/sim/service-host.js";
import type { InferenceServiceSpec } from "../src/workload/inference-service.js";
import type { Benchmark, BenchResult } from "./types.js";

/** Requests per timed run. */
const REQUESTS = 500_000;

/** A host that hands out whole nodes first-fit (the benchmark has no jobs). */
export function benchHost(cluster: Cluster, seed: number): ServiceHost {
  let nextId = 0;
  return {
    sim: new Simulation(),
    cluster,
    gpuSpec,
    network: undefined,
    rng: new RngStreams(seed),
    capacityFreed: new Signal<void>(),
    busyChanged: () => {},
    acquire(request: ReplicaRequest): ReplicaLease | null {
      const node = cluster.nodes.find((n) => n.gpuType === request.gpuType && cluster.freeGpusOnNode(n.index) >= request.gpus);
      if (node === undefined) return null;
      const gpus: number[] = [];
      for (let g = node.firstGpu; gpus.length < request.gpus; g++) if (cluster.isGpuFree(g)) gpus.push(g);
      cluster.allocate(request, gpus);
      return { id: nextId++, gpus, region: node.region };
    },
    release: () => {},
  };
}

/** llama-3-8b on 4 H100s, chat-like tokens (prompt ~500, output ~100), about 75 % load. */
function chatService(count: number): InferenceServiceSpec {
  return {
    kind: "inference", name: "chat", model: "llama-3-8b", gpu: "H100-SXM",
    replicas: { count: 4, tensorParallel: 1 }, count, startS: 0,
    arrival: { process: "poisson", ratePerS: 100 },
    promptTokens: { dist: "lognormal", mean: 500, cv: 1 }, outputTokens: { dist: "lognormal", mean: 100, cv: 1 },
    batching: { maxBatchSize: 256, maxBatchTokens: 8192, chunkedPrefill: false },
    kvCache: { blockTokens: 16, gpuMemoryUtilization: 0.9 }, router: "least-outstanding", slo: { ttftS: 0.5, tpotS: 0.05 },
    priority: 1, tenant: "default", preemptTraining: false, wanLatencyS: 0.05, maxRetries: 2,
    costModel: { flopsEfficiency: 0.6, memoryEfficiency: 0.8, iterationOverheadS: 0.0005, allReduceLatencyS: 5e-6, allReduceEfficiency: 0.7 },
  };
}

function runOnce(count: number): { wallS: number; events: number; iterations: number; completed: number } {
  const host = benchHost(new Cluster([{ count: 4, gpu: "H100-SXM", gpusPerNode: 1 }]), 7);
  const fleet = createInferenceFleet(host, [chatService(count)], { requests: discardRows }, { warmupS: 0, horizonS: Number.POSITIVE_INFINITY });
  const startMs = performance.now();
  fleet.start();
  host.sim.run();
  fleet.finish(host.sim.nowS);
  const summary = fleet.summary(host.sim.nowS);
  return { wallS: (performance.now() - startMs) / 1000, events: host.sim.eventsProcessed, iterations: summary.iterations, completed: summary.completed };
}

/** Simulated requests per wall-second of the continuous-batching engine (no CSV writing). */
export const inferenceBench: Benchmark = {
  name: "inference",
  run(): BenchResult {
    runOnce(50_000);
    const r = runOnce(REQUESTS);
    return { name: "inference", events: r.events, wallS: r.wallS, eventsPerS: r.events / r.wallS, requestsPerS: REQUESTS / r.wallS, iterations: r.iterations, completed: r.completed };
  },
};

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) process.stdout.write(`${JSON.stringify(inferenceBench.run())}\n`);
