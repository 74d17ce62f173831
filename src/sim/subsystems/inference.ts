import { Signal } from "../../engine/signal.js";
import { requestColumns } from "../../metrics/request-metrics.js";
import { discardRows } from "../../metrics/row-sink.js";
import { isInferenceWorkload, toInferenceService } from "../../scenario/inference-schema.js";
import type { Scenario } from "../../scenario/schema.js";
import { createInferenceFleet, inferenceTimeseriesColumns } from "../inference/fleet.js";
import type { ReplicaIterations } from "../inference/replica-iterations.js";
import type { ServiceHost } from "../service-host.js";
import type { Subsystem } from "../subsystem.js";

/** True when the scenario has LLM inference services. */
export function scenarioHasInference(scenario: Scenario): boolean {
  return scenario.workloads.some((w) => w.kind === "inference");
}

/** LLM inference services (replicas, continuous batching, routers, autoscalers): requests.csv and the `requests` block. */
export const inferenceSubsystem: Subsystem = {
  name: "inference",
  applies: scenarioHasInference,
  timeseriesColumns: () => inferenceTimeseriesColumns,
  tables: [{ name: "requests", columns: requestColumns, written: (scenario) => scenario.report.rows.requests === "all" }],
  attach({ sim, cluster, rng, scheduler, replicas, services, sinks, scenario, horizonS }) {
    // Later subsystems (the trace) subscribe to the replicas' finished iterations.
    const iterations = new Signal<ReplicaIterations>();
    services.iterations = iterations;
    const host: ServiceHost = {
      sim,
      cluster,
      gpuSpec: (type) => cluster.spec(type),
      network: services.network,
      rng,
      acquire: (request) => replicas.acquire(request),
      release: (lease) => replicas.release(lease),
      busyChanged: (delta) => scheduler.busyChanged.emit(delta),
      capacityFreed: replicas.capacityFreed,
      iterations,
    };
    const specs = scenario.workloads.filter(isInferenceWorkload).map(toInferenceService);
    const fleet = createInferenceFleet(host, specs, { requests: sinks.requests ?? discardRows }, { warmupS: scenario.horizon.warmupS, horizonS });
    return {
      timeseriesCells: () => fleet.timeseriesCells(),
      lastActivityS: () => fleet.lastActivityS(),
      start: () => fleet.start(),
      finish(simulatedS, warn) {
        fleet.finish(simulatedS);
        for (const line of fleet.warnings()) warn(line);
      },
      summary: { requests: (end) => fleet.summary(end.simulatedS) },
    };
  },
};
