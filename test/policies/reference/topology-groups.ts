/** The placement policy as it was before the cluster index (commit 58699ed): the brute-force reference of indexed-placement.property.test.ts. */
import type { ClusterView, NodeInfo } from "../../../src/model/cluster.js";
import type { JobView } from "../../../src/policies/types.js";
import { capacityOnNode, usableGpus } from "../../../src/policies/placement/common.js";

/** Nodes grouped by rack, with what each node and rack can give a job now. */
export interface RackCapacity {
  /** Rack index. */
  rackIndex: number;
  /** Region index. */
  regionIndex: number;
  /** Nodes of the rack with capacity for the job, most capacity first (ties: lower index). */
  nodes: { node: NodeInfo; capacity: number }[];
  /** Sum of the nodes' capacities. */
  capacity: number;
}

/** Per-rack capacities for a whole-GPU job. */
export function rackCapacities(job: JobView, cluster: ClusterView): RackCapacity[] {
  const racks = new Map<number, RackCapacity>();
  for (const node of cluster.nodes) {
    const capacity = capacityOnNode(node, job, cluster);
    if (capacity === 0) continue;
    let rack = racks.get(node.rackIndex);
    if (rack === undefined) {
      rack = { rackIndex: node.rackIndex, regionIndex: node.regionIndex, nodes: [], capacity: 0 };
      racks.set(node.rackIndex, rack);
    }
    rack.nodes.push({ node, capacity });
    rack.capacity += capacity;
  }
  for (const rack of racks.values()) rack.nodes.sort((a, b) => b.capacity - a.capacity || a.node.index - b.node.index);
  return [...racks.values()];
}

/** Take GPUs from nodes in the given order until `need` is met; null when they run out. */
export function takeFromNodes(nodes: readonly { node: NodeInfo; capacity: number }[], need: number, job: JobView, cluster: ClusterView): number[] | null {
  const chosen: number[] = [];
  for (const { node, capacity } of nodes) {
    const take = Math.min(capacity, need - chosen.length);
    chosen.push(...usableGpus(node, job, cluster).slice(0, take));
    if (chosen.length === need) return chosen;
  }
  return null;
}

/** Nodes a rack needs to give `need` GPUs when its fullest nodes go first. */
export function nodesNeeded(rack: RackCapacity, need: number): number {
  let got = 0;
  for (let i = 0; i < rack.nodes.length; i++) {
    got += (rack.nodes[i] as { capacity: number }).capacity;
    if (got >= need) return i + 1;
  }
  return Number.POSITIVE_INFINITY;
}

/** GPUs on the node that holds the whole job most tightly (least capacity, then lowest index), or null when no node does. */
export function tightestSingleNode(racks: readonly RackCapacity[], job: JobView, cluster: ClusterView): number[] | null {
  const node = racks
    .flatMap((r) => r.nodes)
    .filter((n) => n.capacity >= job.gpus)
    .sort((a, b) => a.capacity - b.capacity || a.node.index - b.node.index)[0];
  return node === undefined ? null : takeFromNodes([node], job.gpus, job, cluster);
}
