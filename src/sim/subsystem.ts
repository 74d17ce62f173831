import type { RngStreams } from "../engine/rng.js";
import type { Signal } from "../engine/signal.js";
import type { Simulation } from "../engine/simulation.js";
import type { FailuresSummary } from "../metrics/failure-metrics.js";
import type { CostSummary, EnergySummary } from "../metrics/energy-cost.js";
import type { JobsSummary } from "../metrics/job-metrics.js";
import type { RequestsSummary } from "../metrics/request-metrics.js";
import type { Cell, RowSink } from "../metrics/row-sink.js";
import type { TraceEventSink } from "../metrics/trace-sink.js";
import type { TenantsSummary } from "../metrics/tenant-metrics.js";
import type { Cluster } from "../model/cluster.js";
import type { Network } from "../model/network/network.js";
import type { ResolvedCluster } from "../scenario/resolve-cluster.js";
import type { Scenario } from "../scenario/schema.js";
import type { ClusterScheduler } from "./cluster-scheduler.js";
import type { FailureSetup } from "./failure-setup.js";
import type { ReplicaIterations } from "./inference/replica-iterations.js";
import type { NetworkSummary } from "./network-metrics.js";
import type { ReplicaPool } from "./replica-pool.js";
import type { TenantSpec, TenantUsage } from "./tenant-usage.js";

/** Per-row tables a subsystem may write besides jobs.csv and timeseries.csv (a file each in a run directory). */
export type TableName = "audit" | "requests" | "failures";

/** Where a run's tables stream to. */
export interface SimulationSinks extends Partial<Record<TableName, RowSink | undefined>> {
  /** jobs.csv rows. */
  jobs: RowSink;
  /** timeseries.csv rows. */
  timeseries: RowSink;
  /** One-line warnings about the run (default: stderr). */
  warn?: ((line: string) => void) | undefined;
  /** Progress of the run (simulated time, events so far), every 2^16 events; absent: no cost. */
  onProgress?: ((nowS: number, eventsProcessed: number) => void) | undefined;
  /** The run's timeline in the Trace Event Format (Perfetto), when asked for. */
  traceEvents?: TraceEventSink | undefined;
}

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

/** The blocks subsystems contribute to summary.json, by key. */
export interface SubsystemBlocks {
  energy: EnergySummary;
  cost: CostSummary;
  network: NetworkSummary;
  failures: FailuresSummary;
  tenants: TenantsSummary;
  requests: RequestsSummary;
}

/** summary.json without the wall-clock `run` block: identical for the same scenario and seed. */
export interface SimulationSummary extends Partial<SubsystemBlocks> {
  scenario: string;
  seed: number;
  simulatedS: number;
  events: number;
  jobs: JobsSummary;
  gpus: GpusSummary;
  energy: EnergySummary;
  cost: CostSummary;
}

/**
 * What every subsystem can reach: the simulation's core objects, built before any subsystem attaches.
 * `services` holds what earlier subsystems (in registry order) offer later ones.
 */
export interface SimulationCore {
  readonly scenario: Scenario;
  readonly sim: Simulation;
  readonly rng: RngStreams;
  readonly layout: ResolvedCluster;
  readonly cluster: Cluster;
  readonly scheduler: ClusterScheduler;
  readonly replicas: ReplicaPool;
  readonly tenantSpecs: ReadonlyMap<string, TenantSpec>;
  readonly tenantUsage: TenantUsage;
  readonly sinks: SimulationSinks;
  /** The horizon, or +∞ for runs that stop when their work is done. */
  readonly horizonS: number;
  /** GPUs computing now (kept by the core from `scheduler.busyChanged`, before any subsystem's handler). */
  readonly occupancy: { readonly busyGpus: number };
  readonly services: {
    /** The flow-level network (the network subsystem). */
    network?: Network;
    /** Failure processes and their metrics (the failures subsystem). */
    failures?: FailureSetup;
    /** Finished batch iterations of every replica (the inference subsystem). */
    iterations?: Signal<ReplicaIterations>;
  };
}

/** What the core knows when the run has ended: subsystems read it to write their summary blocks. */
export interface RunEnd {
  /** Simulated seconds the run covered. */
  readonly simulatedS: number;
  /** GPU-hours allocated to work over the run. */
  readonly allocatedGpuHours: number;
  /** The jobs block. */
  readonly jobs: JobsSummary;
  /** Another subsystem's block (computed once, on first request), or undefined when it is absent. */
  block<K extends keyof SubsystemBlocks>(key: K): SubsystemBlocks[K] | undefined;
}

/** A subsystem attached to one simulation. Every member is optional: contribute only what you have. */
export interface AttachedSubsystem {
  /** Cells of this subsystem's timeseries columns, in the order of `Subsystem.timeseriesColumns`. */
  timeseriesCells?(): readonly Cell[];
  /** Simulated time of the latest activity (trims an idle tail; ends runs without a horizon). */
  lastActivityS?(): number;
  /** True when it keeps scheduling events forever (failure processes): the run stops when the work is done. */
  readonly perpetual?: boolean;
  /** Called after every subsystem attached and the arrivals are scheduled, before the run. */
  start?(): void;
  /** Called once when the run has ended, before the summary; `warn` writes one-line warnings. */
  finish?(simulatedS: number, warn: (line: string) => void): void;
  /** Summary blocks, by key. */
  summary?: { [K in keyof SubsystemBlocks]?: (end: RunEnd) => SubsystemBlocks[K] };
}

/** A table a subsystem writes: its sink name and columns, and whether this scenario writes it. */
export interface SubsystemTable {
  readonly name: TableName;
  readonly columns: readonly string[];
  /** False when the scenario turns the rows off (`report.rows`); the summary is computed either way. */
  written(scenario: Scenario): boolean;
}

/**
 * One concern of a simulation (tenants, failures, network, inference, energy, ...): what it
 * subscribes to, the summary blocks, timeseries columns and tables it contributes. Adding one is a
 * file under sim/subsystems/ and a line in sim/subsystems/registry.ts.
 */
export interface Subsystem {
  readonly name: string;
  /** True when the scenario needs this subsystem. */
  applies(scenario: Scenario): boolean;
  /** timeseries.csv columns it appends, when it applies. */
  timeseriesColumns?(scenario: Scenario): readonly string[];
  /** Tables it writes, when it applies. */
  readonly tables?: readonly SubsystemTable[];
  /** Build it over the core (subscribe to signals, schedule its first events). */
  attach(core: SimulationCore): AttachedSubsystem;
}
