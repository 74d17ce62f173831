import { RngStreams } from "../../src/engine/rng.js";
import { Signal } from "../../src/engine/signal.js";
import { Simulation } from "../../src/engine/simulation.js";
import { requestColumns, type RequestsSummary } from "../../src/metrics/request-metrics.js";
import { Cluster, type NodeGroupSpec } from "../../src/model/cluster.js";
import { gpuSpec } from "../../src/model/gpus.js";
import { createInferenceFleet, type InferenceFleet } from "../../src/sim/inference/fleet.js";
import type { ReplicaLease, ReplicaRequest, ServiceHost } from "../../src/sim/service-host.js";
import type { InferenceServiceSpec } from "../../src/workload/inference-service.js";
import { MemorySink } from "../helpers.js";

/** A ServiceHost over a bare cluster: first-fit whole GPUs on one node, no jobs, no network. */
export class TestHost implements ServiceHost {
  readonly sim = new Simulation();
  readonly rng: RngStreams;
  readonly network = undefined;
  readonly capacityFreed = new Signal<void>();
  busyGpus = 0;
  readonly leases = new Map<number, { lease: ReplicaLease; request: ReplicaRequest }>();
  private nextId = 0;

  constructor(
    readonly cluster: Cluster,
    seed = 1,
  ) {
    this.rng = new RngStreams(seed);
  }

  gpuSpec = gpuSpec;

  acquire(request: ReplicaRequest): ReplicaLease | null {
    for (const node of this.cluster.nodes) {
      if (node.gpuType !== request.gpuType || (request.region !== undefined && node.region !== request.region)) continue;
      if (this.cluster.freeGpusOnNode(node.index) < request.gpus) continue;
      const gpus: number[] = [];
      for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount && gpus.length < request.gpus; g++) if (this.cluster.isGpuFree(g)) gpus.push(g);
      if (this.cluster.checkAllocation(request, gpus) !== null) continue;
      this.cluster.allocate(request, gpus);
      const lease: ReplicaLease = { id: this.nextId++, gpus, region: node.region };
      this.leases.set(lease.id, { lease, request });
      return lease;
    }
    return null;
  }

  release(lease: ReplicaLease): void {
    const held = this.leases.get(lease.id);
    if (held === undefined) return;
    this.leases.delete(lease.id);
    this.cluster.release(held.request, lease.gpus);
    this.capacityFreed.emit();
  }

  busyChanged(deltaGpus: number): void {
    this.busyGpus += deltaGpus;
  }

  /** A failure takes a lease's GPUs: released, then its owner is told. */
  fail(leaseId: number): void {
    const held = this.leases.get(leaseId);
    if (held === undefined) return;
    this.leases.delete(leaseId);
    this.cluster.release(held.request, held.lease.gpus);
    held.lease.onLost?.();
  }
}

/** A service spec with every default of the schema, overridable. */
export function serviceSpec(overrides: Partial<InferenceServiceSpec> = {}): InferenceServiceSpec {
  return {
    kind: "inference",
    name: "chat",
    model: "llama-3-8b",
    gpu: "H100-SXM",
    replicas: { count: 1, tensorParallel: 1 },
    startS: 0,
    arrival: { process: "poisson", ratePerS: 1 },
    promptTokens: 512,
    outputTokens: 128,
    batching: { maxBatchSize: 256, maxBatchTokens: 8192, chunkedPrefill: false },
    kvCache: { blockTokens: 16, gpuMemoryUtilization: 0.9 },
    router: "least-outstanding",
    slo: {},
    priority: 1,
    tenant: "default",
    preemptTraining: false,
    wanLatencyS: 0.05,
    maxRetries: 2,
    costModel: { flopsEfficiency: 0.6, memoryEfficiency: 0.8, iterationOverheadS: 0.0005, allReduceLatencyS: 5e-6, allReduceEfficiency: 0.7 },
    ...overrides,
  };
}

/** A request row keyed by column name. */
export type RequestRow = Record<(typeof requestColumns)[number], string | number>;

/** What a run returns. */
export interface FleetRun {
  summary: RequestsSummary;
  rows: RequestRow[];
  timeseries: (number | string)[][];
  host: TestHost;
  fleet: InferenceFleet;
  simulatedS: number;
}

/** Run services on a cluster until the queue empties (or `horizonS`), sampling every `sampleS`. */
export function runFleet(
  services: InferenceServiceSpec[],
  nodes: NodeGroupSpec[] = [{ count: 1, gpu: "H100-SXM", gpusPerNode: 1 }],
  options: {
    seed?: number;
    horizonS?: number;
    warmupS?: number;
    sampleS?: number;
    /** 1: one event per iteration (the reference path); default: the engine's batched runs. */
    maxIterationsPerEvent?: number;
    before?: (host: TestHost, fleet: InferenceFleet) => void;
  } = {},
): FleetRun {
  const host = new TestHost(new Cluster(nodes), options.seed ?? 1);
  const sink = new MemorySink();
  const horizonS = options.horizonS ?? Number.POSITIVE_INFINITY;
  const fleet = createInferenceFleet(host, services, { requests: sink }, { warmupS: options.warmupS ?? 0, horizonS, maxIterationsPerEvent: options.maxIterationsPerEvent });
  fleet.start();
  options.before?.(host, fleet);
  const timeseries: (number | string)[][] = [];
  const sampleS = options.sampleS ?? 0;
  if (sampleS > 0) {
    const sample = (): void => {
      timeseries.push([host.sim.nowS, ...fleet.timeseriesCells()]);
      if (host.sim.pendingEvents > 0) host.sim.schedule(sampleS, sample, 0, 1000);
    };
    host.sim.schedule(0, sample, 0, 1000);
  }
  const reason = host.sim.run({ untilS: horizonS });
  const simulatedS = reason === "until" ? horizonS : host.sim.nowS;
  fleet.finish(simulatedS);
  const summary = fleet.summary(simulatedS);
  const rows = sink.rows.map((cells) => Object.fromEntries(requestColumns.map((c, i) => [c, cells[i] as string | number])) as RequestRow);
  return { summary, rows, timeseries, host, fleet, simulatedS };
}
