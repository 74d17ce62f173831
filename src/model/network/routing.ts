/**
 * Routes between GPUs over a built topology (fixed, single-path routing):
 * same node: GPU →(NVLink or PCIe)→ GPU;
 * other node: GPU → PCIe → NIC → [leaf uplink → spine? → (WAN…) → spine? → leaf downlink] → NIC → PCIe → GPU.
 * GPU i of a node uses NIC ⌊i · nicCount / gpusPerNode⌋ (rail-aligned when there is one NIC per GPU).
 */
import type { Topology, TopologyNode } from "../topology.js";

/** Link ids a transfer from `srcGpu` to `dstGpu` crosses (empty when they are the same GPU). */
export function routeBetweenGpus(topology: Topology, srcGpu: number, dstGpu: number): Int32Array {
  const src = nodeOf(topology, srcGpu);
  const dst = nodeOf(topology, dstGpu);
  if (srcGpu === dstGpu) return new Int32Array(0);
  const s = srcGpu - src.firstGpu;
  const d = dstGpu - dst.firstGpu;
  if (src === dst) return Int32Array.of(src.intraTx[s] as number, dst.intraRx[d] as number);
  const path: number[] = [src.pcieTx[s] as number, src.nicTx[nicOf(src, s)] as number];
  if (src.rack !== dst.rack) {
    const srcRack = topology.racks[src.rack];
    const dstRack = topology.racks[dst.rack];
    if (!srcRack || !dstRack) throw new RangeError("corrupt topology: unknown rack");
    path.push(srcRack.uplinkUp);
    const srcSpine = topology.regions[src.region]?.spine ?? -1;
    if (srcSpine >= 0) path.push(srcSpine);
    if (src.region !== dst.region) {
      const wan = topology.wanRoute[src.region]?.[dst.region];
      if (!wan) {
        const a = topology.regions[src.region]?.name;
        const b = topology.regions[dst.region]?.name;
        throw new RangeError(`no WAN route from region "${a}" to region "${b}"`);
      }
      for (let i = 0; i < wan.length; i++) path.push(wan[i] as number);
      const dstSpine = topology.regions[dst.region]?.spine ?? -1;
      if (dstSpine >= 0) path.push(dstSpine);
    }
    path.push(dstRack.uplinkDown);
  }
  path.push(dst.nicRx[nicOf(dst, d)] as number, dst.pcieRx[d] as number);
  return Int32Array.from(path);
}

/** The node holding a global GPU index. */
export function nodeOf(topology: Topology, gpu: number): TopologyNode {
  const node = Number.isInteger(gpu) ? topology.nodes[topology.gpuNode[gpu] ?? -1] : undefined;
  if (!node) throw new RangeError(`no GPU with index ${gpu} (the topology has ${topology.gpuCount})`);
  return node;
}

/** Sum of the latencies of a path's links in seconds. */
export function pathLatencyS(topology: Topology, path: ArrayLike<number>): number {
  let sum = 0;
  const latency = topology.links.latencyS;
  for (let i = 0; i < path.length; i++) sum += latency[path[i] as number] as number;
  return sum;
}

/** Lowest link capacity on a path in bytes/s (Infinity for an empty path). */
export function pathBottleneckBytesPerS(topology: Topology, path: ArrayLike<number>): number {
  let min = Number.POSITIVE_INFINITY;
  const capacity = topology.links.capacityBytesPerS;
  for (let i = 0; i < path.length; i++) min = Math.min(min, capacity[path[i] as number] as number);
  return min;
}

function nicOf(node: TopologyNode, localGpu: number): number {
  return Math.floor((localGpu * node.nicCount) / node.gpusPerNode);
}
