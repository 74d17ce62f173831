import { Signal } from "../engine/signal.js";
import type { Simulation } from "../engine/simulation.js";
import type { Component } from "../failures/components.js";
import type { FailureEffects } from "../failures/failure-injector.js";
import type { FailureMetrics } from "../metrics/failure-metrics.js";
import type { Cluster } from "../model/cluster.js";
import type { Network } from "../model/network/network.js";
import type { ClusterScheduler } from "./cluster-scheduler.js";
import type { FailureLog } from "./failure-log.js";
import type { ReplicaPool } from "./replica-pool.js";

/** How interrupted work is recovered. */
export interface RecoveryOptions {
  /** Requeue interrupted jobs at the front of the queue. */
  requeueFront: boolean;
  /** Fail a job once it has been interrupted more often than this. */
  maxRestarts: number;
}

/**
 * Applies failures to the running system: jobs on failed GPUs or nodes are interrupted (they lose
 * the work since their last checkpoint and are requeued, or fail after too many restarts), replicas
 * on them drop out, the failed components leave the pool until repaired, failed links lose
 * bandwidth, and straggling GPUs slow the model-driven jobs on them.
 */
export class FailureEffectsOnSimulation implements FailureEffects {
  private readonly downSinceS = new Map<Component, number[]>();
  private readonly linkFailures = new Map<number, { count: number; fraction: number }>();
  private readonly slowdown = new Map<number, number>();
  /** A component went down (its work already interrupted) or came back (before work restarts on it). */
  readonly componentChanged = new Signal<{ component: Component; down: boolean }>();

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly scheduler: ClusterScheduler,
    private readonly replicas: ReplicaPool,
    private readonly network: Network | undefined,
    private readonly metrics: FailureMetrics,
    private readonly recovery: RecoveryOptions,
    /** failures.csv, when the run writes it. */
    private readonly log?: FailureLog,
  ) {}

  /** A failure interrupted a job, which lost `lostGpuS` GPU-seconds of work. */
  workLost(lostGpuS: number): void {
    this.metrics.onInterrupted(lostGpuS);
    this.log?.workLost(lostGpuS);
  }

  /** failures.csv's rows for the components still down when the run ends at `endS`. */
  finish(endS: number): void {
    const stillDown = [...this.downSinceS].flatMap(([component, since]) => since.map(() => component));
    this.log?.finish(endS, stillDown, this.cluster.failedGpus);
  }

  /** Current slow-down factor of a GPU (1 when healthy). */
  gpuSlowdown(gpu: number): number {
    return this.slowdown.get(gpu) ?? 1;
  }

  down(component: Component, degradeTo: number): void {
    this.metrics.onFailure(component.kind);
    this.downSinceS.set(component, [...(this.downSinceS.get(component) ?? []), this.sim.nowS]);
    const gpus = new Set(component.gpus);
    const nodes = new Set(component.nodes);
    const victims = this.scheduler.runningList.filter((j) => j.gpuIndices.some((g) => gpus.has(g)) || (j.node !== undefined && nodes.has(j.node)));
    for (const job of victims.sort((a, b) => a.index - b.index)) {
      const giveUp = job.restarts >= this.recovery.maxRestarts;
      this.scheduler.interrupt(job, "failure", this.recovery.requeueFront, giveUp);
    }
    for (const g of component.gpus) this.cluster.setGpuFailed(g, 1);
    for (const n of component.nodes) this.cluster.setNodeDown(n, 1);
    for (const l of component.links) this.degradeLink(l, degradeTo);
    // After the marks: a release reschedules and a lost replica asks for a new one, neither on the failed parts.
    for (const lease of this.replicas.leasesOn(gpus)) {
      this.replicas.release(lease);
      lease.onLost?.();
    }
    this.componentChanged.emit({ component, down: true });
    this.metrics.onFailedGpus(this.sim.nowS, this.cluster.failedGpus);
    this.log?.failed(this.sim.nowS, component, this.cluster.failedGpus);
    this.scheduler.reschedule();
  }

  up(component: Component): void {
    const since = this.downSinceS.get(component) ?? [];
    const downAtS = since.shift();
    if (downAtS !== undefined) this.metrics.onRepair(this.sim.nowS - downAtS);
    for (const g of component.gpus) this.cluster.setGpuFailed(g, -1);
    for (const n of component.nodes) this.cluster.setNodeDown(n, -1);
    for (const l of component.links) this.restoreLink(l);
    this.componentChanged.emit({ component, down: false });
    this.metrics.onFailedGpus(this.sim.nowS, this.cluster.failedGpus);
    this.log?.repaired(this.sim.nowS, component, this.cluster.failedGpus);
    this.scheduler.reschedule();
    this.replicas.capacityFreed.emit();
  }

  straggle(gpu: number, factor: number): void {
    const wasStraggling = this.slowdown.has(gpu);
    if (factor === 1) this.slowdown.delete(gpu);
    else {
      this.slowdown.set(gpu, factor);
      this.metrics.onFailure("straggler");
    }
    if (factor !== 1 || wasStraggling) this.log?.straggled(this.sim.nowS, gpu, factor, this.cluster.failedGpus);
  }

  private degradeLink(link: number, degradeTo: number): void {
    const network = this.network;
    if (network === undefined) return;
    // Overlapping failures of one link leave the lowest fraction any of them allows.
    const state = this.linkFailures.get(link) ?? { count: 0, fraction: 1 };
    state.count++;
    state.fraction = Math.min(state.fraction, degradeTo);
    this.linkFailures.set(link, state);
    network.setLinkCapacity(link, (network.topology.links.nominalCapacityBytesPerS[link] as number) * state.fraction);
  }

  private restoreLink(link: number): void {
    const network = this.network;
    const state = this.linkFailures.get(link);
    if (state === undefined || network === undefined) return;
    if (--state.count === 0) {
      this.linkFailures.delete(link);
      network.setLinkCapacity(link, network.topology.links.nominalCapacityBytesPerS[link] as number);
    }
  }
}
