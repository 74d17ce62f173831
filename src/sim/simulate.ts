import { RngStreams } from "../engine/rng.js";
import { Simulation } from "../engine/simulation.js";
import type { FailuresSummary } from "../metrics/failure-metrics.js";
import { type TenantsSummary, TenantMetrics } from "../metrics/tenant-metrics.js";
import { type CostSummary, EnergyCostMetrics, type EnergySummary } from "../metrics/energy-cost.js";
import { type JobsSummary, JobMetrics } from "../metrics/job-metrics.js";
import { discardRows, type RowSink } from "../metrics/row-sink.js";
import type { RequestsSummary } from "../metrics/request-metrics.js";
import { isInferenceWorkload, toInferenceService } from "../scenario/inference-schema.js";
import { round } from "../metrics/stats.js";
import { TimeWeightedAverage } from "../metrics/time-weighted.js";
import { TimeseriesWriter, timeseriesColumns } from "../metrics/timeseries.js";
import { ScenarioError, message } from "../messages.js";
import { Cluster } from "../model/cluster.js";
import { Network } from "../model/network/network.js";
import { buildTopology } from "../model/topology.js";
import { type ResolvedCluster, resolveCluster } from "../scenario/resolve-cluster.js";
import type { Scenario } from "../scenario/schema.js";
import { JobGenerator } from "../workload/job-generator.js";
import { OpenbReplaySource } from "../workload/traces/openb-source.js";
import { isTraceWorkload } from "../scenario/trace-schema.js";
import { ClusterScheduler, type SchedulerPolicies } from "./cluster-scheduler.js";
import type { TrainingPlan } from "../workload/training.js";
import { ArrivalDriver } from "./arrivals.js";
import { DurationExecutor, noCheckpoint } from "./duration-executor.js";
import { setUpFailures } from "./failure-setup.js";
import { Job } from "./job.js";
import { createInferenceFleet, inferenceTimeseriesColumns } from "./inference/fleet.js";
import { ReplicaPool } from "./replica-pool.js";
import { SegmentGuard } from "./segment-guard.js";
import type { ServiceHost } from "./service-host.js";
import { type TenantSpec, TenantUsage } from "./tenant-usage.js";
import { type NetworkSummary, networkCells, networkSummary } from "./network-metrics.js";
import { TrainingRunner } from "./training-runner.js";
import { WorkAdmission } from "./work-admission.js";

/** Where a run's tables stream to. */
export interface SimulationSinks {
  /** jobs.csv rows. */
  jobs: RowSink;
  /** timeseries.csv rows. */
  timeseries: RowSink;
  /** audit.csv rows (every allocation), when the scenario declares tenants. */
  audit?: RowSink | undefined;
  /** requests.csv rows, when the scenario has inference services. */
  requests?: RowSink | undefined;
  /** One-line warnings about the run (default: stderr). */
  warn?: ((line: string) => void) | undefined;
}

function writeWarning(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Columns of audit.csv. */
export const auditColumns = ["timeS", "kind", "id", "tenant", "gpus", "nodes"] as const;

/** The `gpus` block of summary.json. */
export interface GpusSummary {
  /** GPUs in the cluster. */
  total: number;
  /** Time-averaged fraction of GPUs allocated to jobs. */
  allocatedFraction: number;
  /** Time-averaged fraction of GPUs computing (allocated GPUs wait while training jobs communicate). */
  busyFraction: number;
  /** Time-averaged fraction of the fleet's HBM occupied (model footprints of training jobs and replicas; whole GPUs otherwise). */
  memoryFraction: number;
}

/** summary.json without the wall-clock `run` block: identical for the same scenario and seed. */
export interface SimulationSummary {
  scenario: string;
  seed: number;
  simulatedS: number;
  events: number;
  jobs: JobsSummary;
  gpus: GpusSummary;
  network?: NetworkSummary;
  failures?: FailuresSummary;
  tenants?: TenantsSummary;
  requests?: RequestsSummary;
  energy: EnergySummary;
  cost: CostSummary;
}

/** True when the scenario has LLM inference services. */
export function scenarioHasInference(scenario: Scenario): boolean {
  return scenario.workloads.some((w) => w.kind === "inference");
}

/** True when the scenario needs the flow-level network (model-driven jobs, link failures, tensor-parallel services, or services across a topology WAN). */
export function scenarioUsesNetwork(scenario: Scenario): boolean {
  const wan = (scenario.cluster.topology?.wan?.length ?? 0) > 0;
  return (
    scenario.workloads.some((w) => (w.kind === "jobs" && w.work !== undefined) || (w.kind === "inference" && (w.replicas.tensorParallel > 1 || wan))) ||
    scenario.failures.some((f) => f.target === "link")
  );
}

/** timeseries.csv columns for a scenario. */
export function timeseriesColumnsFor(scenario: Scenario): string[] {
  const columns = timeseriesColumns(scenarioUsesNetwork(scenario));
  return scenarioHasInference(scenario) ? [...columns, ...inferenceTimeseriesColumns] : columns;
}

/** Build the network over the scenario's topology; topology problems become bad-input errors. */
function buildNetwork(sim: Simulation, layout: ResolvedCluster): Network {
  try {
    return new Network(sim, buildTopology(layout.topology));
  } catch (error) {
    if (error instanceof RangeError) throw new ScenarioError(message.fieldError("scenario", ["cluster"], error.message));
    throw error;
  }
}

/** Consecutive samples without activity after which a run without a horizon parks its sampler. */
const QUIET_SAMPLES = 10_000;

/** Priority of timeseries samples: after every other event at the same time, so rows show settled state. */
const SAMPLE_PRIORITY = 1_000;

/** Run a validated scenario with resolved policies; rows stream to `sinks`. */
export function simulate(scenario: Scenario, policies: SchedulerPolicies, sinks: SimulationSinks): SimulationSummary {
  const sim = new Simulation();
  const rng = new RngStreams(scenario.seed);
  const layout = resolveCluster(scenario.cluster);
  const cluster = new Cluster(layout.groups);
  const tenantSpecs = new Map<string, TenantSpec>(
    scenario.tenants.map((t) => [t.name, { ...t, quotaGpus: t.quotaGpus ?? Number.POSITIVE_INFINITY, segments: t.segments }]),
  );
  const tenantUsage = new TenantUsage(sim, cluster, tenantSpecs);
  const scheduler = new ClusterScheduler(sim, cluster, policies, rng.stream("placement"), tenantUsage, scenario.scheduler.preemption === "reclaim");
  const tenantMetrics = scenario.tenants.length > 0 ? new TenantMetrics(tenantSpecs, scenario.horizon.warmupS, cluster.totalGpus) : undefined;
  if (tenantMetrics !== undefined) {
    // Demand = held + queued: a job is queued from submission (and again after an interruption) until it starts or ends.
    const jobGpus = (job: Job): number => (job.gpus * job.gpuMilli) / 1000;
    scheduler.submitted.subscribe((job) => {
      tenantMetrics.onSubmitted(job.tenant);
      tenantMetrics.onQueued(job.tenant, job.index, jobGpus(job), sim.nowS);
    });
    scheduler.started.subscribe((job) => {
      tenantMetrics.onDequeued(job.index, sim.nowS);
      tenantMetrics.onUsage(job.tenant, sim.nowS, jobGpus(job));
    });
    scheduler.interrupted.subscribe(({ job }) => {
      tenantMetrics.onUsage(job.tenant, sim.nowS, -jobGpus(job));
      tenantMetrics.onQueued(job.tenant, job.index, jobGpus(job), sim.nowS);
    });
    scheduler.ended.subscribe((job) => {
      tenantMetrics.onDequeued(job.index, sim.nowS);
      if (job.status === "completed") tenantMetrics.onUsage(job.tenant, sim.nowS, -jobGpus(job));
      tenantMetrics.onEnded(job.tenant, job.status, job.submitS, job.startS - job.submitS);
    });
  }
  const audit = sinks.audit;
  if (audit !== undefined) {
    scheduler.started.subscribe((job) => {
      const nodes = new Set(job.gpuIndices.map((g) => cluster.nodes[cluster.nodeOfGpu(g)]?.id ?? ""));
      if (job.node !== undefined) nodes.add(cluster.nodes[job.node]?.id ?? "");
      audit.write([Math.round(sim.nowS * 1e6) / 1e6, "job", job.id, job.tenant, job.gpus, [...nodes].join(";")]);
    });
  }
  const replicas = new ReplicaPool(cluster, scheduler, policies.placement, rng.stream("placement:replicas"), new SegmentGuard(cluster, tenantUsage));
  if (tenantMetrics !== undefined) {
    replicas.acquired.subscribe(({ lease, request }) => tenantMetrics.onUsage(request.tenant, sim.nowS, (lease.gpus.length * request.gpuMilli) / 1000));
    replicas.released.subscribe(({ lease, request }) => tenantMetrics.onUsage(request.tenant, sim.nowS, (-lease.gpus.length * request.gpuMilli) / 1000));
  }
  if (audit !== undefined) {
    replicas.acquired.subscribe(({ lease, request }) => {
      const nodes = new Set(lease.gpus.map((g) => cluster.nodes[cluster.nodeOfGpu(g)]?.id ?? ""));
      audit.write([Math.round(sim.nowS * 1e6) / 1e6, "replica", `${request.owner}/replica-${lease.id}`, request.tenant, lease.gpus.length, [...nodes].join(";")]);
    });
  }
  const metrics = new JobMetrics(sinks.jobs, scenario.horizon.warmupS);
  const allocated = new TimeWeightedAverage(0);
  const busy = new TimeWeightedAverage(0);
  const hbm = new TimeWeightedAverage(0);
  const economics = new EnergyCostMetrics(
    cluster.gpuTypes.map((t) => {
      const spec = cluster.spec(t);
      return { name: t, count: cluster.capacityGpus(t), busyWatts: spec.tdpWatts, idleWatts: spec.idleWatts, pricePerHour: scenario.prices[t] ?? spec.pricePerHour };
    }),
  );
  let busyGpus = 0;
  scheduler.busyChanged.subscribe((delta) => {
    busyGpus += delta;
    busy.set(sim.nowS, busyGpus);
    economics.onBusy(sim.nowS, busyGpus);
  });
  const network = scenarioUsesNetwork(scenario) ? buildNetwork(sim, layout) : undefined;
  const failures = scenario.failures.length > 0 ? setUpFailures(scenario, sim, rng, cluster, scheduler, replicas, network) : undefined;
  if (network !== undefined) {
    const slowdown = failures === undefined ? undefined : (gpu: number) => failures.effects.gpuSlowdown(gpu);
    const runner = new TrainingRunner(sim, network, cluster, (delta) => scheduler.busyChanged.emit(delta), slowdown);
    scheduler.trainingExecutor = { start: (job, done) => runner.start(job, job.plan as TrainingPlan, done), stop: (job) => runner.stop(job) };
  }
  const jobsSpecs = new Map(scenario.workloads.map((w) => [w.name, w.kind === "jobs" ? w : undefined]));
  const anyCheckpoints = scenario.workloads.some((w) => w.kind === "jobs" && w.checkpoint !== undefined);
  scheduler.durationExecutor = new DurationExecutor(
    sim,
    anyCheckpoints ? (job) => jobsSpecs.get(job.workload)?.checkpoint : noCheckpoint,
    (job) => jobsSpecs.get(job.workload)?.restartOverheadS ?? 0,
  );
  const admission = new WorkAdmission(cluster);
  scheduler.ended.subscribe(() => replicas.capacityFreed.emit());
  const services = scenario.workloads.filter(isInferenceWorkload).map(toInferenceService);
  const host: ServiceHost = {
    sim,
    cluster,
    gpuSpec: (type) => cluster.spec(type),
    network,
    rng,
    acquire: (request) => replicas.acquire(request),
    release: (lease) => replicas.release(lease),
    busyChanged: (delta) => scheduler.busyChanged.emit(delta),
    capacityFreed: replicas.capacityFreed,
  };
  const fleet =
    services.length === 0
      ? undefined
      : createInferenceFleet(host, services, { requests: sinks.requests ?? discardRows }, { warmupS: scenario.horizon.warmupS, horizonS: scenario.horizon.durationS ?? Number.POSITIVE_INFINITY });
  const timeseries = new TimeseriesWriter(sinks.timeseries);
  const horizonS = scenario.horizon.durationS ?? Number.POSITIVE_INFINITY;
  let lastWorkS = 0;
  let nextJobIndex = 0;

  // Failure processes never run out of events: without a horizon, stop once all work is done.
  const perpetual = failures !== undefined && horizonS === Number.POSITIVE_INFINITY;
  const stopWhenIdle = (): void => {
    if (perpetual && arrivals.activeSources === 0 && scheduler.queuedJobs === 0 && scheduler.runningJobs === 0) sim.stop();
  };
  let burstQueued = false;
  const arrivals = new ArrivalDriver(
    sim,
    horizonS,
    (request, last) => {
      const tenantPriority = tenantSpecs.get(request.tenant)?.priority ?? 0;
      const job = new Job(nextJobIndex++, sim.nowS, tenantPriority === 0 ? request : { ...request, priority: request.priority + tenantPriority });
      admission.prepare(job);
      // One scheduling pass per burst of same-instant arrivals (trace replays), after its last job.
      burstQueued = scheduler.submit(job, false) || burstQueued;
      if (last && burstQueued) scheduler.reschedule();
      if (last) burstQueued = false;
    },
    stopWhenIdle,
  );
  scheduler.submitted.subscribe(() => metrics.onSubmitted());
  scheduler.ended.subscribe((job) => {
    metrics.onEnded(job);
    lastWorkS = sim.nowS;
    stopWhenIdle();
  });
  scheduler.stateChanged.subscribe((s) => {
    allocated.set(sim.nowS, s.cluster.allocatedGpus);
    hbm.set(sim.nowS, s.cluster.hbmOccupiedBytes);
    economics.onAllocated(sim.nowS, s.cluster.allocatedMilliByType);
    lastWorkS = sim.nowS;
  });
  for (const workload of scenario.workloads) {
    if (workload.kind === "inference") continue; // services run in the inference fleet
    arrivals.add(isTraceWorkload(workload) ? new OpenbReplaySource(workload) : new JobGenerator(workload, rng));
  }

  const intervalS = scenario.report.sampleIntervalS;
  const state = (): (number | string)[] => {
    const cells: (number | string)[] = [round(cluster.allocatedGpus), busyGpus, cluster.failedGpus, scheduler.queuedJobs, scheduler.runningJobs];
    if (network !== undefined) cells.push(...networkCells(network));
    if (fleet !== undefined) cells.push(...fleet.timeseriesCells());
    return cells;
  };
  // A run without a horizon can idle far longer than validation can bound (one job of 1e12 s): after
  // QUIET_SAMPLES samples with no activity the sampler parks, and the next state change restarts it
  // on the sampling grid, so a quiet stretch costs neither ~1e10 events nor held rows in memory.
  const parkable = scenario.horizon.durationS === undefined;
  let quietSamples = 0;
  let previousSampleS = Number.NEGATIVE_INFINITY;
  let parked = false;
  const sample = (): void => {
    // Rows in a quiet stretch wait for the next activity, so an idle tail past the end is dropped.
    const activityS = Math.max(lastWorkS, fleet?.lastActivityS() ?? 0);
    timeseries.sample(sim.nowS, state(), activityS);
    // Quiet: nothing happened since the previous sample.
    quietSamples = activityS <= previousSampleS ? quietSamples + 1 : 0;
    previousSampleS = sim.nowS;
    if (parkable && quietSamples >= QUIET_SAMPLES) {
      parked = true;
      return;
    }
    // Keep sampling while anything else is pending; a lone sampler must not keep the run alive.
    if (sim.pendingEvents > 0) sim.schedule(intervalS, sample, 0, SAMPLE_PRIORITY);
  };
  sim.scheduleAt(0, sample, 0, SAMPLE_PRIORITY);
  scheduler.stateChanged.subscribe(() => {
    if (!parked) return;
    parked = false;
    quietSamples = 0;
    sim.scheduleAt(Math.ceil(sim.nowS / intervalS) * intervalS, sample, 0, SAMPLE_PRIORITY);
  });
  fleet?.start();

  const reason = sim.run({ untilS: horizonS });
  const simulatedS = reason === "until" ? horizonS : Math.max(lastWorkS, fleet?.lastActivityS() ?? 0);
  fleet?.finish(simulatedS);
  for (const line of fleet?.warnings() ?? []) (sinks.warn ?? writeWarning)(line);
  timeseries.finish(simulatedS, state());

  // Work left at the horizon is reported, not dropped: running jobs first, then the queue, by index.
  const leftover = [...scheduler.runningList, ...scheduler.waiting].sort((a, b) => a.index - b.index);
  for (const job of leftover) metrics.onEnded({ ...job, id: job.id, status: "unfinished", endS: Number.NaN });

  const allocatedGpuHours = (allocated.average(0, simulatedS) * simulatedS) / 3600;
  const jobsSummary = metrics.summary();
  const requestsSummary = fleet?.summary(simulatedS);
  const { energy, cost } = economics.summary(simulatedS, scenario.power.pue, jobsSummary.completed + (requestsSummary?.completed ?? 0));
  const summary: SimulationSummary = {
    scenario: scenario.name,
    seed: scenario.seed,
    simulatedS: round(simulatedS),
    events: sim.eventsProcessed,
    jobs: jobsSummary,
    gpus: {
      total: cluster.totalGpus,
      allocatedFraction: round(allocated.average(0, simulatedS) / cluster.totalGpus),
      busyFraction: round(busy.average(0, simulatedS) / cluster.totalGpus),
      memoryFraction: cluster.totalHbmBytes > 0 ? round(hbm.average(0, simulatedS) / cluster.totalHbmBytes) : 0,
    },
    energy,
    cost,
  };
  if (network !== undefined) summary.network = networkSummary(network, simulatedS);
  if (failures !== undefined) summary.failures = failures.metrics.summary(simulatedS, cluster.totalGpus, allocatedGpuHours);
  if (tenantMetrics !== undefined) summary.tenants = tenantMetrics.summary(simulatedS, cluster.totalGpus);
  if (requestsSummary !== undefined) summary.requests = requestsSummary;
  return summary;
}
