import type { ClusterView, NodeInfo } from "./cluster-view.js";
import type { ExcludedNodes, GpuTypeFilter } from "./free-index.js";

/**
 * The indexed questions of `ClusterView` answered by walking every node: the reference the index
 * is tested against, and the implementation for views that have no index of their own.
 */

function allowed(node: NodeInfo, types: GpuTypeFilter | undefined): boolean {
  if (types === undefined) return true;
  return (types.gpuType === undefined || types.gpuType === node.gpuType) && (types.gpuTypes === undefined || types.gpuTypes.includes(node.gpuType));
}

/** The node with the fewest free GPUs that still has `minFree` (ties: lowest index), by scanning; -1 when none. */
export function scanTightestNode(view: ClusterView, types: GpuTypeFilter | undefined, minFree: number, exclude?: ExcludedNodes): number {
  let best = -1;
  let bestFree = 0;
  for (const node of view.nodes) {
    if (!allowed(node, types) || exclude?.has(node.index) === true) continue;
    const free = view.freeGpusOnNode(node.index);
    if (free >= minFree && (best < 0 || free < bestFree)) [best, bestFree] = [node.index, free];
  }
  return best;
}

/** The node with the most free GPUs (ties: lowest index), by scanning; -1 when none has any. */
export function scanRoomiestNode(view: ClusterView, types: GpuTypeFilter | undefined, exclude?: ExcludedNodes): number {
  let best = -1;
  let bestFree = 0;
  for (const node of view.nodes) {
    if (!allowed(node, types) || exclude?.has(node.index) === true) continue;
    const free = view.freeGpusOnNode(node.index);
    if (free > bestFree) [best, bestFree] = [node.index, free];
  }
  return best;
}

/** Lowest node index >= fromNode with `minFree` free GPUs, by scanning; -1 when none. */
export function scanNextNodeWithFree(view: ClusterView, types: GpuTypeFilter | undefined, minFree: number, fromNode = 0): number {
  for (let n = Math.max(0, fromNode); n < view.nodes.length; n++) {
    const node = view.nodes[n] as NodeInfo;
    if (allowed(node, types) && view.freeGpusOnNode(n) >= minFree) return n;
  }
  return -1;
}

/** Lowest node index >= fromNode with a GPU that has `milli` free share, by scanning; -1 when none. */
export function scanNextNodeWithShare(view: ClusterView, types: GpuTypeFilter | undefined, milli: number, fromNode = 0): number {
  for (let n = Math.max(0, fromNode); n < view.nodes.length; n++) {
    const node = view.nodes[n] as NodeInfo;
    if (!allowed(node, types)) continue;
    for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) if (view.gpuFreeMilli(g) >= milli) return n;
  }
  return -1;
}

/** Free GPUs of allowed models on a rack, by scanning. */
export function scanRackFreeGpus(view: ClusterView, rack: number, types?: GpuTypeFilter): number {
  let free = 0;
  for (const node of view.nodes) if (node.rackIndex === rack && allowed(node, types)) free += view.freeGpusOnNode(node.index);
  return free;
}

/** The GPU with the least free share that still has `milli` (ties: lowest index), by scanning; -1 when none. */
export function scanTightestShareGpu(view: ClusterView, types: GpuTypeFilter | undefined, milli: number): number {
  let best = -1;
  for (const node of view.nodes) {
    if (!allowed(node, types)) continue;
    for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) {
      const share = view.gpuFreeMilli(g);
      if (share >= milli && (best < 0 || share < view.gpuFreeMilli(best))) best = g;
    }
  }
  return best;
}

/** The GPU with the most free share, if it has `milli` (ties: lowest index), by scanning; -1 when none. */
export function scanLargestShareGpu(view: ClusterView, types: GpuTypeFilter | undefined, milli: number): number {
  let best = -1;
  for (const node of view.nodes) {
    if (!allowed(node, types)) continue;
    for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) {
      const share = view.gpuFreeMilli(g);
      if (share >= milli && (best < 0 || share > view.gpuFreeMilli(best))) best = g;
    }
  }
  return best;
}
