import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { Simulation } from "../../src/engine/simulation.js";
import { requestColumns } from "../../src/metrics/request-metrics.js";
import { Cluster } from "../../src/model/cluster.js";
import { gpuSpec } from "../../src/model/gpus.js";
import { backfillPolicies, placementPolicies, queuePolicies } from "../../src/policies/registry.js";
import { ClusterScheduler } from "../../src/sim/cluster-scheduler.js";
import { createInferenceFleet } from "../../src/sim/inference/fleet.js";
import { Job } from "../../src/sim/job.js";
import { ReplicaPool } from "../../src/sim/replica-pool.js";
import type { ServiceHost } from "../../src/sim/service-host.js";
import { MemorySink } from "../helpers.js";
import { serviceSpec } from "./harness.js";

/** Two 8-hour training jobs fill a 2-GPU cluster; then an inference service wants one replica. */
function shared(preemptTraining: boolean) {
  const sim = new Simulation();
  const rng = new RngStreams(1);
  const cluster = new Cluster([{ count: 1, gpu: "H100-SXM", gpusPerNode: 2 }]);
  const placement = placementPolicies["first-fit"];
  const scheduler = new ClusterScheduler(sim, cluster, { queue: queuePolicies.priority, placement, backfill: backfillPolicies.none }, rng.stream("placement"));
  const pool = new ReplicaPool(cluster, scheduler, placement, rng.stream("replicas"));
  const interrupted: string[] = [];
  scheduler.interrupted.subscribe(({ job, cause }) => interrupted.push(`${job.id}:${cause}`));
  const jobs = [0, 1].map(
    (i) =>
      new Job(i, 0, { workload: "train", ordinal: i, tenant: "research", priority: 0, gpus: 1, gpuMilli: 1000, gpuType: undefined, cpuMilli: 0, memoryMiB: 0, durationS: 28_800, work: undefined, estimateS: 28_800 }),
  );
  for (const job of jobs) scheduler.submit(job);
  let busyGpus = 0;
  const host: ServiceHost = {
    sim,
    cluster,
    gpuSpec,
    network: undefined,
    rng,
    acquire: (request) => pool.acquire(request),
    release: (lease) => pool.release(lease),
    busyChanged: (delta) => {
      busyGpus += delta;
    },
    capacityFreed: pool.capacityFreed,
  };
  const sink = new MemorySink();
  const fleet = createInferenceFleet(host, [serviceSpec({ count: 100, arrival: { process: "poisson", ratePerS: 5 }, priority: 10, preemptTraining })], { requests: sink }, { warmupS: 0, horizonS: 600 });
  fleet.start();
  sim.run({ untilS: 600 });
  fleet.finish(600);
  const status = requestColumns.indexOf("status");
  return { interrupted, statuses: sink.rows.map((r) => r[status]), summary: fleet.summary(600), jobs, pool, busyGpus };
}

describe("inference on the shared GPU pool", () => {
  it("with preemptTraining, a replica preempts a lower-priority training job", () => {
    const run = shared(true);
    expect(run.interrupted).toEqual(["train-1:preemption"]);
    expect(run.summary.completed).toBe(100);
    expect(run.jobs[1]?.restarts).toBe(1);
    expect(run.pool.heldGpus).toBe(1);
    expect(run.busyGpus).toBe(0);
  });

  it("without it, training keeps its GPUs and requests wait (unfinished)", () => {
    const run = shared(false);
    expect(run.interrupted).toEqual([]);
    expect(run.summary.completed).toBe(0);
    expect(run.statuses.every((s) => s === "unfinished")).toBe(true);
    expect(run.summary.unfinished).toBe(100);
  });
});
