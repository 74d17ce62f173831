/**
 * Ring all-reduce as aggregate flows: one flow per ring edge carrying everything that edge sends
 * over the whole collective, 2(n−1)/n · S/r bytes for r parallel rings. Alone on the network the
 * slowest edge finishes after 2(n−1)/n · S/(eff·B) (B its bottleneck share), so with the
 * 2(n−1)·α step latency added the collective takes exactly the ring formula; under contention its
 * flows share links max–min fairly with everyone else's.
 *
 * Why not step by step (collectives.ts): a 64-GPU ring has 126 steps of 64 flows; a training job
 * runs thousands of iterations. The aggregate form costs n·r flows per collective and keeps the
 * bandwidth terms exact; it drops the synchronization between steps, which matters only when
 * edges of one ring see very different contention.
 */
import type { EventHandler } from "../../engine/event-queue.js";
import { maxMinFairRates } from "./max-min.js";
import type { Network } from "./network.js";
import { nodeOf, pathLatencyS } from "./routing.js";
import { NIC_EFFICIENCY } from "../node-presets.js";

/** Ring orders for r parallel rings: ring k visits each node's GPUs rotated by k, so rings leave nodes by different GPUs (and NICs). */
export function ringOrders(network: Network, gpus: readonly number[], rings: number): number[][] {
  const groups = new Map<number, number[]>();
  for (const g of gpus) {
    const node = nodeOf(network.topology, g).index;
    const group = groups.get(node) ?? [];
    group.push(g);
    groups.set(node, group);
  }
  return Array.from({ length: rings }, (_, k) => [...groups.values()].flatMap((group) => group.map((_, j) => group[(k + j) % group.length] as number)));
}

/** Parallel rings NCCL would use: one per NIC when the set spans nodes (the fewest NICs among them), else 1. */
export function defaultRings(network: Network, gpus: readonly number[]): number {
  const nodes = new Set(gpus.map((g) => nodeOf(network.topology, g).index));
  if (nodes.size <= 1) return 1;
  let rings = Number.POSITIVE_INFINITY;
  for (const n of nodes) rings = Math.min(rings, network.topology.nodes[n]?.nicCount ?? 1);
  return Math.max(1, rings);
}

/** A reusable ring all-reduce over a fixed GPU set (routes and isolated rates computed once). */
export class RingAllReduce {
  private readonly paths: Int32Array[] = [];
  private readonly isolatedRates: Float64Array;
  /** 1 for an edge between two nodes (through NICs), 0 for an edge inside a node. */
  private readonly crossesNodes: Uint8Array;
  private readonly latencyS: number;
  private readonly maxPathLatencyS: number;
  private readonly n: number;
  private readonly rings: number;
  private outstanding = 0;
  private readonly flowIds: number[] = [];
  private finishEvent = -1;
  private onDone: EventHandler | null = null;
  private doneArg = 0;
  /** Fixed latency still owed when the flows finish: the step latencies of every repeat, and the wire latency of all repeats but the one the flows paid. */
  private pendingLatencyS = 0;
  private readonly flowDone = (edge: number): void => this.edgeDone(edge);
  private readonly finish = (): void => {
    this.finishEvent = -1;
    const callback = this.onDone;
    this.onDone = null;
    callback?.(this.doneArg);
  };

  constructor(
    private readonly network: Network,
    readonly gpus: readonly number[],
    rings = defaultRings(network, gpus),
  ) {
    this.n = gpus.length;
    this.rings = rings;
    let maxPathLatencyS = 0;
    if (this.n > 1) {
      for (const order of ringOrders(network, gpus, rings)) {
        for (let i = 0; i < order.length; i++) {
          const path = network.route(order[i] as number, order[(i + 1) % order.length] as number);
          this.paths.push(path);
          maxPathLatencyS = Math.max(maxPathLatencyS, pathLatencyS(network.topology, path));
        }
      }
    }
    // Nominal capacities: the protocol cap must not inherit a failure present when the ring was built.
    this.isolatedRates = maxMinFairRates(this.paths, network.topology.links.nominalCapacityBytesPerS);
    const crosses: number[] = [];
    if (this.n > 1) {
      for (const order of ringOrders(network, gpus, rings)) {
        for (let i = 0; i < order.length; i++) {
          const here = nodeOf(network.topology, order[i] as number).index;
          const next = nodeOf(network.topology, order[(i + 1) % order.length] as number).index;
          crosses.push(here === next ? 0 : 1);
        }
      }
    }
    this.crossesNodes = Uint8Array.from(crosses);
    this.maxPathLatencyS = maxPathLatencyS;
    // The 2(n−1) steps each pay α; the flows themselves add their path's wire latency.
    this.latencyS = this.n > 1 ? 2 * (this.n - 1) * network.collectiveCost(gpus, 0).alphaS : 0;
  }

  /** True while a run is in progress. */
  get running(): boolean {
    return this.onDone !== null;
  }

  /** Uncontended duration of `repeats` back-to-back all-reduces of `bytes` each (the ring formula on this placement, times repeats). */
  uncontendedTimeS(bytes: number, repeats = 1): number {
    if (this.n <= 1) return 0;
    const perEdgeBytes = ((2 * (this.n - 1)) / this.n) * (bytes / this.rings);
    const [nvlink, nic] = this.efficiencies(bytes);
    let slowestS = 0;
    for (let i = 0; i < this.isolatedRates.length; i++) {
      slowestS = Math.max(slowestS, perEdgeBytes / ((this.isolatedRates[i] as number) * (this.crossesNodes[i] === 1 ? nic : nvlink)));
    }
    return repeats * (this.latencyS + this.maxPathLatencyS + slowestS);
  }

  /**
   * Start `repeats` back-to-back all-reduces of `bytes` each (one per training iteration a step
   * covers) as one set of aggregate flows: the bandwidth terms add up in the flows, and the fixed
   * terms are paid `repeats` times exactly, 2(n−1)·α each plus the wire latency of the path
   * (the flows pay it once, the rest is scheduled after them). `onDone(doneArg)` runs at the end.
   */
  start(bytes: number, onDone: EventHandler, doneArg = 0, repeats = 1): void {
    if (this.onDone !== null) throw new Error("ring all-reduce already running on this GPU set");
    if (!(Number.isInteger(repeats) && repeats >= 1)) throw new RangeError(`ring all-reduce repeats must be an integer >= 1, got ${repeats}`);
    this.onDone = onDone;
    this.doneArg = doneArg;
    if (this.n <= 1 || bytes <= 0) {
      this.finishEvent = this.network.sim.schedule(0, this.finish);
      return;
    }
    this.pendingLatencyS = repeats * this.latencyS + (repeats - 1) * this.maxPathLatencyS;
    const [nvlink, nic] = this.efficiencies(bytes);
    const perEdgeBytes = ((2 * (this.n - 1)) / this.n) * ((repeats * bytes) / this.rings);
    this.outstanding = this.paths.length;
    this.flowIds.length = 0;
    for (let i = 0; i < this.paths.length; i++) {
      const id = this.network.flows.startFlowOnPath(this.paths[i] as Int32Array, perEdgeBytes, {
        maxRateBytesPerS: (this.isolatedRates[i] as number) * (this.crossesNodes[i] === 1 ? nic : nvlink),
        onDone: this.flowDone,
        doneArg: i,
      });
      this.flowIds.push(id);
    }
  }

  /**
   * Bus-bandwidth efficiencies of intra-node (NVLink) and inter-node (NIC) edges for a message of
   * `bytes`: the nodes' tiers inside a node; NIC_EFFICIENCY between nodes, scaled down for small
   * messages by the same ratio as the tiers (the protocol ramp is NCCL's, not the link's).
   */
  private efficiencies(bytes: number): [number, number] {
    const nvlink = this.network.collectiveCost(this.gpus, bytes).efficiency;
    const largest = this.network.collectiveCost(this.gpus, Number.MAX_VALUE).efficiency;
    return [nvlink, NIC_EFFICIENCY * Math.min(1, nvlink / largest)];
  }

  /** Abandon a running all-reduce (its job was interrupted): cancel its flows; onDone never runs. */
  cancel(): void {
    if (this.onDone === null) return;
    for (let i = 0; i < this.flowIds.length; i++) if (this.flowIds[i] !== -1) this.network.flows.cancelFlow(this.flowIds[i] as number);
    this.flowIds.length = 0;
    if (this.finishEvent !== -1) this.network.sim.cancel(this.finishEvent);
    this.finishEvent = -1;
    this.outstanding = 0;
    this.onDone = null;
  }

  private edgeDone(edge: number): void {
    // Flow ids are reused once a flow ends: forget this one so cancel() cannot hit a stranger's flow.
    this.flowIds[edge] = -1;
    if (--this.outstanding > 0) return;
    this.finishEvent = this.network.sim.schedule(this.pendingLatencyS, this.finish);
  }
}
