import { failureColumns } from "../failure-log.js";
import { setUpFailures } from "../failure-setup.js";
import type { Subsystem } from "../subsystem.js";

/** Failure and repair processes, scripted failures and stragglers: the `failures` block and failures.csv. */
export const failuresSubsystem: Subsystem = {
  name: "failures",
  applies: (scenario) => scenario.failures.length > 0,
  tables: [{ name: "failures", columns: failureColumns, written: () => true }],
  attach(core) {
    const failures = setUpFailures(core.scenario, core.sim, core.rng, core.cluster, core.scheduler, core.replicas, core.services.network, core.sinks.failures);
    core.services.failures = failures;
    return {
      // Failure processes never run out of events: without a horizon the run stops when the work is done.
      perpetual: true,
      finish: (simulatedS) => failures.effects.finish(simulatedS),
      summary: { failures: (end) => failures.metrics.summary(end.simulatedS, core.cluster.totalGpus, end.allocatedGpuHours) },
    };
  },
};
