/**
 * The cluster network: a `FlowNetwork` over a built `Topology`, addressed by global GPU index.
 * This is the object the scheduler and the training-job model hold: start GPU-to-GPU transfers,
 * run collectives over it (collectives.ts), and read per-link-class statistics for reports.
 */
import type { Simulation } from "../../engine/simulation.js";
import { busBwEfficiency } from "../node-presets.js";
import type { Topology } from "../topology.js";
import { type FlowOptions, FlowNetwork } from "./flow-network.js";
import type { LinkClassStats, UtilizationSample } from "./link-stats.js";
import type { LinkClass } from "./link-table.js";
import { nodeOf, routeBetweenGpus } from "./routing.js";

/** A GPU-to-GPU transfer. */
export interface GpuFlowSpec extends FlowOptions {
  /** Sending GPU (global index). */
  srcGpu: number;
  /** Receiving GPU (global index). */
  dstGpu: number;
  /** Bytes to move. */
  bytes: number;
}

/** α and efficiency a collective over a GPU set uses. */
export interface CollectiveCost {
  /** Per-step latency in seconds: the largest α among the set's nodes. */
  alphaS: number;
  /** Bus-bandwidth efficiency for the message size: the smallest among the set's nodes. */
  efficiency: number;
}

/** Flow-level network of a topology. */
export class Network {
  /** The underlying flow simulation (link-id level). */
  readonly flows: FlowNetwork;

  constructor(
    /** The simulation the flows run on. */
    readonly sim: Simulation,
    /** The topology the flows run over. */
    readonly topology: Topology,
  ) {
    this.flows = new FlowNetwork(sim, topology.links);
  }

  /** Link ids from one GPU to another. */
  route(srcGpu: number, dstGpu: number): Int32Array {
    return routeBetweenGpus(this.topology, srcGpu, dstGpu);
  }

  /** Start a transfer; `onDone(doneArg)` runs on delivery. Returns the flow id. */
  startFlow(spec: GpuFlowSpec): number {
    return this.flows.startFlowOnPath(this.route(spec.srcGpu, spec.dstGpu), spec.bytes, spec);
  }

  /** Collective α and efficiency for a message of `bytes` over `gpus`. */
  collectiveCost(gpus: readonly number[], bytes: number): CollectiveCost {
    let alphaS = 0;
    let efficiency = 1;
    let lastNode = -1;
    for (const g of gpus) {
      const node = nodeOf(this.topology, g);
      if (node.index === lastNode) continue;
      lastNode = node.index;
      alphaS = Math.max(alphaS, node.collective.alphaS);
      efficiency = Math.min(efficiency, busBwEfficiency(node.collective, bytes));
    }
    return { alphaS, efficiency };
  }

  /** Per link class: bytes moved, mean and p99 utilization so far. */
  linkClassStats(): Partial<Record<LinkClass, LinkClassStats>> {
    return this.flows.linkClassStats();
  }

  /** Sample every link's utilization since the previous sample (call it every report interval). */
  sampleUtilization(topK = 3): UtilizationSample {
    return this.flows.sampleUtilization(topK);
  }

  /**
   * The rate a new flow on `path` would get now under max–min fairness, link by link: on each link
   * the water level x with Σ min(rᵢ, x) + x = capacity over the flows already there (flows held
   * below x elsewhere keep their rate), and the path's rate is the smallest level. It ignores the
   * newcomer's effect on other links' flows (one round of the water-fill), which is exact on the
   * NVLink ports of one GPU. `exclude` flows are left out (the caller's own). Infinity for an empty path.
   */
  fairShareBytesPerS(path: ArrayLike<number>, exclude: ReadonlySet<number> = noFlows): number {
    const capacity = this.topology.links.capacityBytesPerS;
    let rate = Number.POSITIVE_INFINITY;
    const ids = this.flows.activeFlows > 0 ? this.flows.activeFlowIds() : [];
    for (let k = 0; k < path.length; k++) {
      const link = path[k] as number;
      const rates: number[] = [];
      for (const f of ids) {
        if (exclude.has(f)) continue;
        if (this.flows.pathOf(f).includes(link)) rates.push(this.flows.rateOf(f));
      }
      rate = Math.min(rate, waterLevel(capacity[link] as number, rates));
    }
    return rate;
  }

  /** Region index of a region name, -1 when the topology has none of that name. */
  regionIndex(name: string): number {
    return this.topology.regions.findIndex((r) => r.name === name);
  }

  /** WAN link ids from region `from` to region `to` (lowest latency), null when unreachable or the same region. */
  wanPath(from: number, to: number): Int32Array | null {
    if (from === to) return null;
    return this.topology.wanRoute[from]?.[to] ?? null;
  }

  /** Set a link's capacity by id (failures: 0; repair: the original value from `linkTable.info`). */
  setLinkCapacity(link: number, bytesPerS: number): void {
    this.flows.setLinkCapacity(link, bytesPerS);
  }
}

const noFlows: ReadonlySet<number> = new Set();

/** Max–min share of a newcomer on one link of `capacity` whose flows run at `rates`. */
function waterLevel(capacity: number, rates: number[]): number {
  if (!(capacity > 0)) return 0;
  rates.sort((a, b) => a - b);
  let left = capacity;
  let others = rates.length;
  for (const r of rates) {
    // Flows below the level a fair split would give keep their rate; the rest share what is left.
    if (r * (others + 1) >= left) break;
    left -= r;
    others--;
  }
  return left / (others + 1);
}
