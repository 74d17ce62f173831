import type { RngStreams } from "../engine/rng.js";
import type { Signal } from "../engine/signal.js";
import type { Simulation } from "../engine/simulation.js";
import type { ClusterView } from "../model/cluster.js";
import type { GpuName, GpuSpec } from "../model/gpus.js";
import type { Network } from "../model/network/network.js";
import type { ResourceRequest } from "../model/resources.js";
import type { ReplicaIterations } from "./inference/replica-iterations.js";

/** GPUs a long-running service replica asks for. */
export interface ReplicaRequest extends ResourceRequest {
  /** Service name (for messages, audit and preemption decisions). */
  owner: string;
  /** Tenant of the service. */
  tenant: string;
  /** Priority: running jobs with a lower priority may be preempted to make room when `preempt` is set. */
  priority: number;
  /** Allow preempting lower-priority running jobs (they are requeued) when the replica does not fit. */
  preempt: boolean;
  /** Region the replica should run in (undefined: anywhere). */
  region?: string | undefined;
}

/** GPUs held by a replica until released. */
export interface ReplicaLease {
  /** Lease id (unique in the run). */
  readonly id: number;
  /** GPUs held (global indices). */
  readonly gpus: readonly number[];
  /** Region of the replica's node. */
  readonly region: string;
  /** Called when a failure takes one of the lease's GPUs; the lease is already released then. */
  onLost?: (() => void) | undefined;
}

/** What the inference subsystem may use of the simulation: time, the shared GPU pool, the network. */
export interface ServiceHost {
  /** The simulation (clock, events). */
  readonly sim: Simulation;
  /** Read-only cluster state. */
  readonly cluster: ClusterView;
  /** Hardware of a GPU model. */
  gpuSpec(type: GpuName): GpuSpec;
  /** The flow network, when the scenario has one. */
  readonly network: Network | undefined;
  /** Named random streams. */
  readonly rng: RngStreams;
  /** Place a replica now through the scenario's placement policy (preempting if allowed); null when it cannot. */
  acquire(request: ReplicaRequest): ReplicaLease | null;
  /** Return a replica's GPUs to the pool. */
  release(lease: ReplicaLease): void;
  /** GPUs busy computing changed by `deltaGpus` (for gpus.busyFraction). */
  busyChanged(deltaGpus: number): void;
  /** Emitted after GPUs return to the pool (jobs end, repairs), so autoscalers can retry. */
  readonly capacityFreed: Signal<void>;
  /** Replicas report finished batch iterations here while it has listeners (the trace). */
  readonly iterations?: Signal<ReplicaIterations> | undefined;
}
