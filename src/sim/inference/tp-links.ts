import type { Network } from "../../model/network/network.js";

/**
 * A tensor-parallel replica's all-reduce traffic on the flow network (issue 13 item 4).
 *
 * Approximation, chosen so a run of decode iterations stays one event: the all-reduces of an
 * iteration are priced by the cost model's ring formula on the bandwidth the replica's ring edges
 * can get from the network when the iteration (or run) starts: the max–min share a new flow would
 * get on each edge's path (the GPU's NVLink tx port and the next GPU's rx port, or PCIe without
 * NVLink), the slowest edge deciding. Alone on its links that share is the node's NVLink figure
 * (presets and node overrides included), so the time equals the ring formula on it; other flows on
 * those ports (a co-located collective, a degraded or failed link) make it slower. While the
 * iterations run, one flow per ring edge carries their all-reduce bytes at the average rate
 * (bytes / run time), so the traffic is in the network summary and other flows share links with
 * it; the flows end with the run. Rates are read at run starts: a change in the middle of a run
 * takes effect at the next one (runs of such replicas are bounded by `NETWORK_RUN_ITERATIONS`).
 */
export class TensorParallelLinks {
  /** Ring edge paths (GPU i to GPU i+1 of the lease, wrapping). */
  private readonly paths: Int32Array[] = [];
  /** Active traffic flow per edge, -1 when none. */
  private readonly flowIds: Int32Array;
  private readonly own = new Set<number>();
  private readonly flowDone = (edge: number): void => {
    this.own.delete(this.flowIds[edge] as number);
    this.flowIds[edge] = -1;
  };

  constructor(
    private readonly network: Network,
    gpus: readonly number[],
  ) {
    const n = gpus.length;
    for (let i = 0; i < n && n > 1; i++) this.paths.push(network.route(gpus[i] as number, gpus[(i + 1) % n] as number));
    this.flowIds = new Int32Array(this.paths.length).fill(-1);
  }

  /** Per-direction bytes/s the slowest ring edge can get now (its own traffic left out). */
  edgeBytesPerS(): number {
    let rate = Number.POSITIVE_INFINITY;
    for (const path of this.paths) rate = Math.min(rate, this.network.fairShareBytesPerS(path, this.own));
    return rate;
  }

  /** Carry `bytesPerEdge` on every ring edge over `durationS` (replacing any traffic still running). */
  start(bytesPerEdge: number, durationS: number): void {
    this.stop();
    if (!(bytesPerEdge > 0) || !(durationS > 0)) return;
    const ceiling = bytesPerEdge / durationS;
    for (let i = 0; i < this.paths.length; i++) {
      const id = this.network.flows.startFlowOnPath(this.paths[i] as Int32Array, bytesPerEdge, { maxRateBytesPerS: ceiling, onDone: this.flowDone, doneArg: i });
      this.flowIds[i] = id;
      this.own.add(id);
    }
  }

  /** End the traffic of the iterations that ran (the bytes sent so far stay counted). */
  stop(): void {
    for (let i = 0; i < this.flowIds.length; i++) {
      const id = this.flowIds[i] as number;
      if (id === -1) continue;
      this.network.flows.cancelFlow(id);
      this.flowIds[i] = -1;
    }
    this.own.clear();
  }
}

/** Longest run of iterations of a replica whose all-reduces use the network (bounds how late a rate change is seen). */
export const NETWORK_RUN_ITERATIONS = 64;
