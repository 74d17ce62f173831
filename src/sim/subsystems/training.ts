import type { TrainingPlan } from "../../workload/training.js";
import { TrainingRunner } from "../training-runner.js";
import type { Subsystem } from "../subsystem.js";
import { scenarioUsesNetwork } from "./network.js";

/** Model-driven training jobs: compute steps from the cost model and gradient collectives through the network. */
export const trainingSubsystem: Subsystem = {
  name: "training",
  // The runner needs the network: it attaches wherever the network does.
  applies: scenarioUsesNetwork,
  attach({ sim, cluster, scheduler, services }) {
    const network = services.network;
    if (network === undefined) throw new Error("the training subsystem attaches after the network subsystem");
    const failures = services.failures;
    const slowdown = failures === undefined ? undefined : (gpu: number) => failures.effects.gpuSlowdown(gpu);
    const runner = new TrainingRunner(sim, network, cluster, (delta) => scheduler.busyChanged.emit(delta), slowdown);
    scheduler.trainingExecutor = { start: (job, done) => runner.start(job, job.plan as TrainingPlan, done), stop: (job) => runner.stop(job) };
    return {};
  },
};
