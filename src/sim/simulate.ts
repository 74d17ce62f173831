import { RngStreams } from "../engine/rng.js";
import { Simulation } from "../engine/simulation.js";
import { JobMetrics } from "../metrics/job-metrics.js";
import type { Cell } from "../metrics/row-sink.js";
import { round } from "../metrics/stats.js";
import { TimeWeightedAverage } from "../metrics/time-weighted.js";
import { TimeseriesWriter, coreTimeseriesColumns } from "../metrics/timeseries.js";
import { Cluster } from "../model/cluster.js";
import { resolveCluster } from "../scenario/resolve-cluster.js";
import type { Scenario } from "../scenario/schema.js";
import { isTraceWorkload } from "../scenario/trace-schema.js";
import { JobGenerator } from "../workload/job-generator.js";
import { OpenbReplaySource } from "../workload/traces/openb-source.js";
import { ArrivalDriver } from "./arrivals.js";
import { ClusterScheduler, type SchedulerPolicies } from "./cluster-scheduler.js";
import { DurationExecutor, noCheckpoint } from "./duration-executor.js";
import { Job } from "./job.js";
import { ReplicaPool } from "./replica-pool.js";
import { TimeseriesSampler } from "./sampler.js";
import { SegmentGuard } from "./segment-guard.js";
import type { AttachedSubsystem, RunEnd, SimulationCore, SimulationSinks, SimulationSummary, SubsystemBlocks, TableName } from "./subsystem.js";
import { subsystemsFor } from "./subsystems/registry.js";
import { type TenantSpec, TenantUsage } from "./tenant-usage.js";
import { WorkAdmission } from "./work-admission.js";

export type { GpusSummary, SimulationSinks, SimulationSummary } from "./subsystem.js";
export { auditColumns } from "./subsystems/audit.js";
export { scenarioHasInference } from "./subsystems/inference.js";
export { scenarioUsesNetwork } from "./subsystems/network.js";

/** timeseries.csv columns for a scenario: the core's, then each subsystem's in registry order. */
export function timeseriesColumnsFor(scenario: Scenario): string[] {
  return [...coreTimeseriesColumns, ...subsystemsFor(scenario).flatMap((s) => s.timeseriesColumns?.(scenario) ?? [])];
}

/** The tables (besides jobs.csv and timeseries.csv) a scenario writes, with their columns. */
export function tablesFor(scenario: Scenario): { name: TableName; columns: readonly string[] }[] {
  return subsystemsFor(scenario).flatMap((s) => (s.tables ?? []).filter((t) => t.written(scenario)));
}

function writeWarning(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Run a validated scenario with resolved policies; rows stream to `sinks`. The core (cluster,
 * scheduler, replica pool, arrivals, job metrics, GPU occupancy, the sampler) is built here; every
 * other concern is a subsystem from sim/subsystems/registry.ts.
 */
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
  const replicas = new ReplicaPool(cluster, scheduler, policies.placement, rng.stream("placement:replicas"), new SegmentGuard(cluster, tenantUsage));
  const horizonS = scenario.horizon.durationS ?? Number.POSITIVE_INFINITY;

  const allocated = new TimeWeightedAverage(0);
  const busy = new TimeWeightedAverage(0);
  const hbm = new TimeWeightedAverage(0);
  // GPUs computing now; subsystems read it (the core's handler runs before theirs).
  const occupancy = { busyGpus: 0 };
  scheduler.busyChanged.subscribe((delta) => {
    occupancy.busyGpus += delta;
    busy.set(sim.nowS, occupancy.busyGpus);
  });

  const core: SimulationCore = { scenario, sim, rng, layout, cluster, scheduler, replicas, tenantSpecs, tenantUsage, sinks, horizonS, occupancy, services: {} };
  const attached: AttachedSubsystem[] = subsystemsFor(scenario).map((s) => s.attach(core));

  const jobsSpecs = new Map(scenario.workloads.map((w) => [w.name, w.kind === "jobs" ? w : undefined]));
  const anyCheckpoints = scenario.workloads.some((w) => w.kind === "jobs" && w.checkpoint !== undefined);
  scheduler.durationExecutor = new DurationExecutor(
    sim,
    anyCheckpoints ? (job) => jobsSpecs.get(job.workload)?.checkpoint : noCheckpoint,
    (job) => jobsSpecs.get(job.workload)?.restartOverheadS ?? 0,
  );
  const admission = new WorkAdmission(cluster);
  scheduler.ended.subscribe(() => replicas.capacityFreed.emit());

  const metrics = new JobMetrics(sinks.jobs, scenario.horizon.warmupS);
  let lastWorkS = 0;
  let nextJobIndex = 0;
  const activityS = (): number => attached.reduce((latest, a) => Math.max(latest, a.lastActivityS?.() ?? 0), lastWorkS);

  // Perpetual processes (failures) never run out of events: without a horizon, stop once all work is done.
  const perpetual = attached.some((a) => a.perpetual === true) && horizonS === Number.POSITIVE_INFINITY;
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
    lastWorkS = sim.nowS;
  });
  for (const workload of scenario.workloads) {
    if (workload.kind === "inference") continue; // services run in the inference subsystem
    arrivals.add(isTraceWorkload(workload) ? new OpenbReplaySource(workload) : new JobGenerator(workload, rng));
  }

  const state = (): Cell[] => {
    const cells: Cell[] = [round(cluster.allocatedGpus), occupancy.busyGpus, cluster.failedGpus, scheduler.queuedJobs, scheduler.runningJobs];
    for (const a of attached) if (a.timeseriesCells !== undefined) cells.push(...a.timeseriesCells());
    return cells;
  };
  const sampler = new TimeseriesSampler(sim, new TimeseriesWriter(sinks.timeseries), scenario.report.sampleIntervalS, scenario.horizon.durationS === undefined, state, activityS);
  sampler.start();
  scheduler.stateChanged.subscribe(() => sampler.wake());
  for (const a of attached) a.start?.();

  const reason = sim.run({ untilS: horizonS, onProgress: sinks.onProgress });
  const simulatedS = reason === "until" ? horizonS : activityS();
  for (const a of attached) a.finish?.(simulatedS, sinks.warn ?? writeWarning);
  sampler.finish(simulatedS);

  // Work left at the horizon is reported, not dropped: running jobs first, then the queue, by index.
  const leftover = [...scheduler.runningList, ...scheduler.waiting].sort((a, b) => a.index - b.index);
  for (const job of leftover) metrics.onEnded({ ...job, id: job.id, status: "unfinished", endS: Number.NaN });

  const summary: Omit<SimulationSummary, "energy" | "cost"> = {
    scenario: scenario.name,
    seed: scenario.seed,
    simulatedS: round(simulatedS),
    events: sim.eventsProcessed,
    jobs: metrics.summary(),
    gpus: {
      total: cluster.totalGpus,
      allocatedFraction: round(allocated.average(0, simulatedS) / cluster.totalGpus),
      busyFraction: round(busy.average(0, simulatedS) / cluster.totalGpus),
      memoryFraction: cluster.totalHbmBytes > 0 ? round(hbm.average(0, simulatedS) / cluster.totalHbmBytes) : 0,
    },
  };
  return { ...summary, ...subsystemBlocks(attached, { simulatedS, allocatedGpuHours: (allocated.average(0, simulatedS) * simulatedS) / 3600, jobs: summary.jobs }) } as SimulationSummary;
}

/** Every subsystem's summary blocks, in registry order; a block another one reads is computed once. */
function subsystemBlocks(attached: readonly AttachedSubsystem[], end: Omit<RunEnd, "block">): Partial<SubsystemBlocks> {
  type Key = keyof SubsystemBlocks;
  const providers = new Map<Key, (end: RunEnd) => SubsystemBlocks[Key]>();
  for (const a of attached) {
    for (const [key, provide] of Object.entries(a.summary ?? {}) as [Key, (end: RunEnd) => SubsystemBlocks[Key]][]) providers.set(key, provide);
  }
  const blocks: Partial<Record<Key, SubsystemBlocks[Key]>> = {};
  const runEnd: RunEnd = {
    ...end,
    block<K extends Key>(key: K): SubsystemBlocks[K] | undefined {
      if (!(key in blocks)) {
        const provide = providers.get(key);
        if (provide === undefined) return undefined;
        blocks[key] = provide(runEnd);
      }
      return blocks[key] as SubsystemBlocks[K];
    },
  };
  // Insertion order of a JSON object is its key order: walk the providers in registry order.
  const ordered: Partial<Record<Key, SubsystemBlocks[Key]>> = {};
  for (const key of providers.keys()) ordered[key] = runEnd.block(key);
  return ordered as Partial<SubsystemBlocks>;
}
