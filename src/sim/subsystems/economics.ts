import { EnergyCostMetrics } from "../../metrics/energy-cost.js";
import type { RunEnd, Subsystem } from "../subsystem.js";

/** Energy (busy and idle watts, PUE) and cost (GPU-hours at each type's price) of the fleet. */
export const economicsSubsystem: Subsystem = {
  name: "economics",
  applies: () => true,
  attach({ sim, cluster, scheduler, scenario, occupancy }) {
    const economics = new EnergyCostMetrics(
      cluster.gpuTypes.map((t) => {
        const spec = cluster.spec(t);
        return { name: t, count: cluster.capacityGpus(t), busyWatts: spec.tdpWatts, idleWatts: spec.idleWatts, pricePerHour: scenario.prices[t] ?? spec.pricePerHour };
      }),
    );
    scheduler.busyChanged.subscribe(() => economics.onBusy(sim.nowS, occupancy.busyGpus));
    scheduler.stateChanged.subscribe((s) => economics.onAllocated(sim.nowS, s.cluster.allocatedMilliByType));
    // Energy and cost are computed together; both blocks read the one result.
    let result: ReturnType<EnergyCostMetrics["summary"]> | undefined;
    const summary = (end: RunEnd) => {
      result ??= economics.summary(end.simulatedS, scenario.power.pue, end.jobs.completed + (end.block("requests")?.completed ?? 0));
      return result;
    };
    return { summary: { energy: (end) => summary(end).energy, cost: (end) => summary(end).cost } };
  },
};
