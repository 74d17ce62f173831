import { ScenarioError, message } from "../../messages.js";
import { networkTimeseriesColumns } from "../../metrics/timeseries.js";
import { Network } from "../../model/network/network.js";
import { buildTopology } from "../../model/topology.js";
import type { Scenario } from "../../scenario/schema.js";
import { networkCells, networkSummary } from "../network-metrics.js";
import type { Subsystem } from "../subsystem.js";

/** True when the scenario needs the flow-level network (model-driven jobs, link failures, tensor-parallel services, or services across a topology WAN). */
export function scenarioUsesNetwork(scenario: Scenario): boolean {
  const wan = (scenario.cluster.topology?.wan?.length ?? 0) > 0;
  return (
    scenario.workloads.some((w) => (w.kind === "jobs" && w.work !== undefined) || (w.kind === "inference" && (w.replicas.tensorParallel > 1 || wan))) ||
    scenario.failures.some((f) => f.target === "link")
  );
}

/** The flow-level network over the scenario's topology: link utilization columns and the `network` block. */
export const networkSubsystem: Subsystem = {
  name: "network",
  applies: scenarioUsesNetwork,
  timeseriesColumns: () => networkTimeseriesColumns,
  attach(core) {
    let network: Network;
    try {
      network = new Network(core.sim, buildTopology(core.layout.topology));
    } catch (error) {
      // Topology problems are bad input.
      if (error instanceof RangeError) throw new ScenarioError(message.fieldError("scenario", ["cluster"], error.message));
      throw error;
    }
    core.services.network = network;
    return { timeseriesCells: () => networkCells(network), summary: { network: (end) => networkSummary(network, end.simulatedS) } };
  },
};
