import type { RngStreams } from "../engine/rng.js";
import type { Simulation } from "../engine/simulation.js";
import { ComponentCatalog } from "../failures/components.js";
import { FailureInjector } from "../failures/failure-injector.js";
import { FailureMetrics } from "../metrics/failure-metrics.js";
import { ScenarioError, message } from "../messages.js";
import type { Cluster } from "../model/cluster.js";
import type { Network } from "../model/network/network.js";
import type { Scenario } from "../scenario/schema.js";
import type { RowSink } from "../metrics/row-sink.js";
import type { ClusterScheduler } from "./cluster-scheduler.js";
import { FailureEffectsOnSimulation } from "./failure-effects.js";
import { FailureLog } from "./failure-log.js";
import type { ReplicaPool } from "./replica-pool.js";

/** The failure machinery of a run, or undefined pieces when the scenario has no failures. */
export interface FailureSetup {
  effects: FailureEffectsOnSimulation;
  metrics: FailureMetrics;
}

/** Build failure processes, scripted failures and stragglers from the scenario and start them. */
export function setUpFailures(
  scenario: Scenario,
  sim: Simulation,
  rng: RngStreams,
  cluster: Cluster,
  scheduler: ClusterScheduler,
  replicas: ReplicaPool,
  network: Network | undefined,
  /** failures.csv rows, when the run writes them. */
  log?: RowSink,
): FailureSetup {
  const metrics = new FailureMetrics();
  const recovery = { requeueFront: scenario.recovery.requeue === "front", maxRestarts: scenario.recovery.maxRestarts };
  const effects = new FailureEffectsOnSimulation(sim, cluster, scheduler, replicas, network, metrics, recovery, log === undefined ? undefined : new FailureLog(log));
  scheduler.interrupted.subscribe(({ job, cause, lostS }) => {
    if (cause === "failure") effects.workLost(lostS * Math.max(1, job.gpus));
  });
  scheduler.ended.subscribe((job) => metrics.onJobOverheads(job.endedCheckpointS * Math.max(1, job.gpus), job.endedRestartOverheadS * Math.max(1, job.gpus)));
  const catalog = new ComponentCatalog(cluster, network?.topology.links);
  const injector = new FailureInjector(sim, rng, catalog, effects, scenario.recovery.repairCrews);
  scenario.failures.forEach((spec, i) => {
    if ("at" in spec) {
      const component = catalog.find(spec.target, spec.id);
      if (typeof component === "string") throw new ScenarioError(message.fieldError("scenario", ["failures", i, "id"], component));
      injector.addScripted(i, spec, component);
    } else if (spec.target === "straggler") {
      injector.addStragglers(i, spec);
    } else {
      if (spec.target === "link" && network === undefined) {
        throw new ScenarioError(message.fieldError("scenario", ["failures", i, "target"], "link failures need the network model (give a job workload with work)"));
      }
      injector.addProcess(i, spec);
    }
  });
  return { effects, metrics };
}
