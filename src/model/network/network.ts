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

  /** Set a link's capacity by id (failures: 0; repair: the original value from `linkTable.info`). */
  setLinkCapacity(link: number, bytesPerS: number): void {
    this.flows.setLinkCapacity(link, bytesPerS);
  }
}
