import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import type { JobView } from "../types.js";
import { capacityOnNode, usableGpus } from "./common.js";
import { appendAll, indexable, takeFreeGpus } from "./indexed.js";

/** Nodes grouped by rack, with what each node and rack can give a job now. */
export interface RackCapacity {
  /** Rack index. */
  rackIndex: number;
  /** Region index. */
  regionIndex: number;
  /** Nodes of the rack with capacity for the job, most capacity first (ties: lower index); built on first use. */
  readonly nodes: { node: NodeInfo; capacity: number }[];
  /** Sum of the nodes' capacities. */
  capacity: number;
}

/** Each rack's nodes, computed once per node list (views of one cluster share it). */
interface RackLayout {
  nodesOf: NodeInfo[][];
}

const layouts = new WeakMap<readonly NodeInfo[], RackLayout>();

function rackLayout(cluster: ClusterView): RackLayout {
  let layout = layouts.get(cluster.nodes);
  if (layout === undefined) {
    const nodesOf: NodeInfo[][] = Array.from({ length: cluster.rackCount }, () => []);
    for (const node of cluster.nodes) (nodesOf[node.rackIndex] as NodeInfo[]).push(node);
    layout = { nodesOf };
    layouts.set(cluster.nodes, layout);
  }
  return layout;
}

/** A rack's nodes with capacity for the job, most capacity first (ties: lower index). */
function nodesWithCapacity(rackNodes: readonly NodeInfo[], job: JobView, cluster: ClusterView): { node: NodeInfo; capacity: number }[] {
  const out: { node: NodeInfo; capacity: number }[] = [];
  for (const node of rackNodes) {
    const capacity = capacityOnNode(node, job, cluster);
    if (capacity > 0) out.push({ node, capacity });
  }
  return out.sort((a, b) => b.capacity - a.capacity || a.node.index - b.node.index);
}

/** Index of the rack's first node with capacity for the job (the racks' order as a node walk meets them). */
function firstNodeWithCapacity(rackNodes: readonly NodeInfo[], job: JobView, cluster: ClusterView): number {
  for (const node of rackNodes) if (capacityOnNode(node, job, cluster) > 0) return node.index;
  return Number.POSITIVE_INFINITY;
}

/**
 * Per-rack capacities for a whole-GPU job, racks in the order a walk over the nodes meets their
 * first node with capacity (racks with none left out). A job without host CPU or memory needs reads
 * each rack's free GPUs from the cluster index (O(racks)); a rack's node list is only built when a
 * policy reads it.
 */
export function rackCapacities(job: JobView, cluster: ClusterView): RackCapacity[] {
  const layout = rackLayout(cluster);
  const racks: (RackCapacity & { firstNode: number })[] = [];
  for (let rackIndex = 0; rackIndex < cluster.rackCount; rackIndex++) {
    const rackNodes = layout.nodesOf[rackIndex] as NodeInfo[];
    if (indexable(job)) {
      const capacity = cluster.rackFreeGpus(rackIndex, job);
      if (capacity === 0) continue;
      let nodes: { node: NodeInfo; capacity: number }[] | undefined;
      const firstNode = firstNodeWithCapacity(rackNodes, job, cluster);
      racks.push({
        firstNode,
        rackIndex,
        // A rack's region is its first usable node's (racks normally sit in one region).
        regionIndex: (cluster.nodes[firstNode] as NodeInfo).regionIndex,
        capacity,
        get nodes() {
          nodes ??= nodesWithCapacity(rackNodes, job, cluster);
          return nodes;
        },
      });
    } else {
      const nodes = nodesWithCapacity(rackNodes, job, cluster);
      const capacity = nodes.reduce((sum, n) => sum + n.capacity, 0);
      const first = nodes[0]?.node;
      if (first !== undefined) {
        const firstNode = firstNodeWithCapacity(rackNodes, job, cluster);
        racks.push({ firstNode, rackIndex, regionIndex: (cluster.nodes[firstNode] as NodeInfo).regionIndex, capacity, nodes });
      }
    }
  }
  return racks.sort((a, b) => a.firstNode - b.firstNode);
}

/** Take GPUs from nodes in the given order until `need` is met; null when they run out. */
export function takeFromNodes(nodes: readonly { node: NodeInfo; capacity: number }[], need: number, job: JobView, cluster: ClusterView): number[] | null {
  const chosen: number[] = [];
  for (const { node, capacity } of nodes) {
    const take = Math.min(capacity, need - chosen.length);
    appendAll(chosen, usableGpus(node, job, cluster).slice(0, take));
    if (chosen.length === need) return chosen;
  }
  return null;
}

/** Take GPUs from racks in the given order, node by node, until `need` is met; null when they run out. */
export function takeFromRacks(racks: readonly RackCapacity[], need: number, job: JobView, cluster: ClusterView): number[] | null {
  const chosen: number[] = [];
  for (const rack of racks) {
    for (const { node, capacity } of rack.nodes) {
      appendAll(chosen, usableGpus(node, job, cluster).slice(0, Math.min(capacity, need - chosen.length)));
      if (chosen.length === need) return chosen;
    }
  }
  return null;
}

/** Nodes a rack needs to give `need` GPUs when its fullest nodes go first. */
export function nodesNeeded(rack: RackCapacity, need: number): number {
  let got = 0;
  const nodes = rack.nodes;
  for (let i = 0; i < nodes.length; i++) {
    got += (nodes[i] as { capacity: number }).capacity;
    if (got >= need) return i + 1;
  }
  return Number.POSITIVE_INFINITY;
}

/** GPUs on the node that holds the whole job most tightly (least capacity, then lowest index), or null when no node does. */
export function tightestSingleNode(racks: readonly RackCapacity[], job: JobView, cluster: ClusterView): number[] | null {
  if (indexable(job)) {
    const node = cluster.tightestNode(job, job.gpus);
    if (node < 0) return null;
    const gpus: number[] = [];
    takeFreeGpus(cluster.nodes[node] as NodeInfo, job.gpus, cluster, gpus);
    return gpus;
  }
  const node = racks
    .flatMap((r) => r.nodes)
    .filter((n) => n.capacity >= job.gpus)
    .sort((a, b) => a.capacity - b.capacity || a.node.index - b.node.index)[0];
  return node === undefined ? null : takeFromNodes([node], job.gpus, job, cluster);
}
