import { message } from "../../messages.js";
import { type RequestsSummary, RequestMetrics } from "../../metrics/request-metrics.js";
import type { RowSink } from "../../metrics/row-sink.js";
import { round } from "../../metrics/stats.js";
import { autoscalerPolicies, type AutoscalerPolicyName } from "../../policies/autoscaler/registry.js";
import { type RouterPolicyName, routerPolicies } from "../../policies/router/registry.js";
import type { InferenceServiceSpec } from "../../workload/inference-service.js";
import type { ServiceHost } from "../service-host.js";
import { AutoscalerRunner } from "./autoscaler-runner.js";
import { FleetCounters } from "./fleet-counters.js";
import { RequestSource } from "./request-source.js";
import { InferenceService, type ServiceContext } from "./service.js";
import { setupService } from "./service-setup.js";

/** The inference services of a run, as simulate.ts drives them. */
export interface InferenceFleet {
  /** Acquire the initial replicas and schedule the first arrivals and autoscaler decisions. */
  start(): void;
  /** Extra timeseries.csv columns. */
  readonly timeseriesColumns: string[];
  /** Cells of those columns now. */
  timeseriesCells(): (number | string)[];
  /** Write rows for requests still queued or running as `unfinished`. */
  finish(nowS: number): void;
  /** The summary `requests` block. */
  summary(simulatedS: number): RequestsSummary;
  /** Last simulated time a request arrived or ended (the end of the run when it stops on an empty queue). */
  lastActivityS(): number;
  /** The services (for tests and reports). */
  readonly services: readonly InferenceService[];
  /** One-line warnings for stderr (requests rejected for a reason the scenario can fix). */
  warnings(): string[];
}

/** Extra timeseries.csv columns of a run with inference services. */
export const inferenceTimeseriesColumns = ["queuedRequests", "runningRequests", "replicas", "kvUtil"];

/** How the fleet runs: warm-up and horizon; `maxIterationsPerEvent` (internal) 1 gives one event per iteration, the reference for the batched path. */
export interface InferenceFleetOptions {
  warmupS: number;
  horizonS: number;
  maxIterationsPerEvent?: number | undefined;
}

/** Build the inference fleet of a run; requests.csv rows stream to `sinks.requests`. */
export function createInferenceFleet(host: ServiceHost, services: InferenceServiceSpec[], sinks: { requests: RowSink }, options: InferenceFleetOptions): InferenceFleet {
  const metrics = new RequestMetrics(sinks.requests, options.warmupS);
  const counters = new FleetCounters();
  let nextId = 0;
  const ctx: ServiceContext = { host, metrics, counters, nextRequestId: () => nextId++, horizonS: options.horizonS };
  const built = services.map((spec) => {
    const setup = setupService(spec, host, options.maxIterationsPerEvent);
    const source = new RequestSource(spec, host.rng, setup.trace, setup.model.embedding);
    const router = routerPolicies[spec.router as RouterPolicyName];
    if (router === undefined) throw new RangeError(`unknown router policy ${JSON.stringify(spec.router)} (allowed: ${Object.keys(routerPolicies).join(", ")})`);
    const service = new InferenceService(setup, ctx, source, router);
    const scaling = spec.autoscaler;
    let autoscaler: AutoscalerRunner | null = null;
    if (scaling !== undefined) {
      const policy = autoscalerPolicies[scaling.policy as AutoscalerPolicyName];
      if (policy === undefined) throw new RangeError(`unknown autoscaler policy ${JSON.stringify(scaling.policy)} (allowed: ${Object.keys(autoscalerPolicies).join(", ")})`);
      autoscaler = new AutoscalerRunner(service, scaling, policy);
    }
    return { service, autoscaler };
  });
  const list = built.map((b) => b.service);
  host.capacityFreed.subscribe(() => {
    for (const s of list) if (s.replicas.blocked) s.replicas.ensure();
  });
  return {
    services: list,
    lastActivityS: () => counters.lastActivityS,
    warnings: () => list.filter((s) => s.overBatchTokens > 0).map((s) => message.promptsOverBatchTokens(s.setup.spec.name, s.overBatchTokens, s.setup.spec.batching.maxBatchTokens)),
    start() {
      for (const b of built) {
        b.service.start();
        b.autoscaler?.start();
      }
    },
    timeseriesColumns: inferenceTimeseriesColumns,
    timeseriesCells() {
      let queued = 0;
      let running = 0;
      let usedBlocks = 0;
      for (const s of list) {
        queued += s.queuedRequests;
        for (const r of s.replicas.all) running += r.running.length;
        usedBlocks += s.replicas.usedBlocksNow();
      }
      const total = counters.totalBlocks.value;
      return [queued, running, counters.readyReplicas.value, total > 0 ? round(usedBlocks / total) : 0];
    },
    finish() {
      for (const s of list) s.finish();
    },
    summary(simulatedS) {
      const blockArea = counters.totalBlocks.integral(simulatedS);
      let usedArea = 0;
      for (const s of list) usedArea += s.replicas.blockAreaS(simulatedS);
      return metrics.summary(simulatedS, {
        kvUtilization: blockArea > 0 ? round(usedArea / blockArea) : 0,
        batchSize: counters.batchSizes.summary(),
        meanReplicas: simulatedS > 0 ? round(counters.readyReplicas.integral(simulatedS) / simulatedS) : 0,
        meanRequestsInSystem: simulatedS > 0 ? round(counters.inSystem.integral(simulatedS) / simulatedS) : 0,
        iterations: counters.batchSizes.count,
      });
    },
  };
}
