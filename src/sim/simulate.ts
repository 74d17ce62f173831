import { RngStreams } from "../engine/rng.js";
import { Simulation } from "../engine/simulation.js";
import { type JobsSummary, JobMetrics } from "../metrics/job-metrics.js";
import type { RowSink } from "../metrics/row-sink.js";
import { round } from "../metrics/stats.js";
import { TimeWeightedAverage } from "../metrics/time-weighted.js";
import { TimeseriesWriter } from "../metrics/timeseries.js";
import { Cluster } from "../model/cluster.js";
import { resolveCluster } from "../scenario/resolve-cluster.js";
import type { Scenario } from "../scenario/schema.js";
import { JobGenerator } from "../workload/job-generator.js";
import type { JobSource } from "../workload/job-source.js";
import { ClusterScheduler, type SchedulerPolicies } from "./cluster-scheduler.js";
import { Job } from "./job.js";

/** Where a run's tables stream to. */
export interface SimulationSinks {
  /** jobs.csv rows. */
  jobs: RowSink;
  /** timeseries.csv rows. */
  timeseries: RowSink;
}

/** The `gpus` block of summary.json. */
export interface GpusSummary {
  /** GPUs in the cluster. */
  total: number;
  /** Time-averaged fraction of GPUs allocated to jobs. */
  allocatedFraction: number;
}

/** summary.json without the wall-clock `run` block: identical for the same scenario and seed. */
export interface SimulationSummary {
  scenario: string;
  seed: number;
  simulatedS: number;
  events: number;
  jobs: JobsSummary;
  gpus: GpusSummary;
}

/** Priority of timeseries samples: after every other event at the same time, so rows show settled state. */
const SAMPLE_PRIORITY = 1_000;

/** Run a validated scenario with resolved policies; rows stream to `sinks`. */
export function simulate(scenario: Scenario, policies: SchedulerPolicies, sinks: SimulationSinks): SimulationSummary {
  const sim = new Simulation();
  const rng = new RngStreams(scenario.seed);
  const layout = resolveCluster(scenario.cluster);
  const cluster = new Cluster(layout.groups);
  const scheduler = new ClusterScheduler(sim, cluster, policies, rng.stream("placement"));
  const metrics = new JobMetrics(sinks.jobs, scenario.horizon.warmupS);
  const allocated = new TimeWeightedAverage(0);
  const timeseries = new TimeseriesWriter(sinks.timeseries);
  const horizonS = scenario.horizon.durationS ?? Number.POSITIVE_INFINITY;
  let lastWorkS = 0;
  let nextJobIndex = 0;

  scheduler.submitted.subscribe(() => metrics.onSubmitted());
  scheduler.ended.subscribe((job) => {
    metrics.onEnded(job);
    lastWorkS = sim.nowS;
  });
  scheduler.stateChanged.subscribe((s) => {
    allocated.set(sim.nowS, s.cluster.allocatedGpus);
    lastWorkS = sim.nowS;
  });

  for (const workload of scenario.workloads) {
    const generator: JobSource = new JobGenerator(workload, rng);
    const arrive = (): void => {
      const job = new Job(nextJobIndex++, sim.nowS, generator.next());
      if (generator.hasMore) {
        const nextS = generator.nextArrivalS(sim.nowS);
        if (nextS <= horizonS) sim.scheduleAt(nextS, arrive);
      }
      scheduler.submit(job);
    };
    if (generator.hasMore) {
      const firstS = generator.firstArrivalS();
      if (firstS <= horizonS) sim.scheduleAt(firstS, arrive);
    }
  }

  const intervalS = scenario.report.sampleIntervalS;
  const sample = (): void => {
    timeseries.sample(sim.nowS, { allocatedGpus: cluster.allocatedGpus, queuedJobs: scheduler.queuedJobs, runningJobs: scheduler.runningJobs });
    // Keep sampling while anything else is pending; a lone sampler must not keep the run alive.
    if (sim.pendingEvents > 0) sim.schedule(intervalS, sample, 0, SAMPLE_PRIORITY);
  };
  sim.scheduleAt(0, sample, 0, SAMPLE_PRIORITY);

  const reason = sim.run({ untilS: horizonS });
  const simulatedS = reason === "until" ? horizonS : lastWorkS;
  timeseries.sample(simulatedS, { allocatedGpus: cluster.allocatedGpus, queuedJobs: scheduler.queuedJobs, runningJobs: scheduler.runningJobs });

  // Work left at the horizon is reported, not dropped: running jobs first, then the queue, by index.
  const leftover = [...scheduler.runningList, ...scheduler.waiting].sort((a, b) => a.index - b.index);
  for (const job of leftover) metrics.onEnded({ ...job, id: job.id, status: "unfinished", endS: Number.NaN });

  return {
    scenario: scenario.name,
    seed: scenario.seed,
    simulatedS: round(simulatedS),
    events: sim.eventsProcessed,
    jobs: metrics.summary(),
    gpus: { total: cluster.totalGpus, allocatedFraction: round(allocated.average(0, simulatedS) / cluster.totalGpus) },
  };
}
