import { Cluster } from "../model/cluster.js";
import type { ResourceRequest } from "../model/resources.js";
import type { NodeVersions } from "../policies/placement/node-table.js";
import type { OpenbNode, OpenbNodeGroup } from "../workload/traces/openb-nodes.js";

/**
 * A cluster that counts changes per node, so the study's policies re-score only the nodes whose
 * allocation changed (their caches check `nodeVersion` instead of comparing every GPU). Used by the
 * fill experiment; decisions are the same as on a plain Cluster.
 */
export class VersionedCluster extends Cluster implements NodeVersions {
  private readonly versions = new Uint32Array(this.nodes.length);
  readonly changedNodes: number[] = [];
  changeEpoch = 0;

  nodeVersion(nodeIndex: number): number {
    return this.versions[nodeIndex] as number;
  }

  private bump(node: number): void {
    this.versions[node] = (this.versions[node] as number) + 1;
    if (this.changedNodes.length > 4 * this.nodes.length + 64) {
      this.changedNodes.length = 0;
      this.changeEpoch++;
    }
    this.changedNodes.push(node);
  }

  private touch(gpus: readonly number[], node: number | undefined): void {
    if (node !== undefined) this.bump(node);
    for (const g of gpus) this.bump(this.nodeOfGpu(g));
  }

  override allocate(request: ResourceRequest, gpus: readonly number[], node?: number): void {
    super.allocate(request, gpus, node);
    this.touch(gpus, node);
  }

  override release(request: ResourceRequest, gpus: readonly number[], node?: number): void {
    super.release(request, gpus, node);
    this.touch(gpus, node);
  }

  override setGpuFailed(gpuIndex: number, delta: 1 | -1): void {
    super.setGpuFailed(gpuIndex, delta);
    this.touch([gpuIndex], undefined);
  }

  override setNodeDown(nodeIndex: number, delta: 1 | -1): void {
    super.setNodeDown(nodeIndex, delta);
    this.touch([], nodeIndex);
  }
}

/**
 * Runs of identical consecutive openb nodes, in the list's order (unlike `nodeGroupsOf`, which
 * merges all identical nodes): the study's scheduler breaks equal scores by the smallest node name
 * and the openb node list is sorted by name, so a cluster built from these runs keeps the nodes'
 * name order as node indices, and lowest-index tie-breaks match the study's.
 */
export function openbNodeRuns(nodes: readonly OpenbNode[]): OpenbNodeGroup[] {
  const placeholder = nodes.find((n) => n.model !== undefined)?.model ?? "T4";
  const runs: OpenbNodeGroup[] = [];
  for (const node of nodes) {
    const gpu = node.model ?? placeholder;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.gpu === gpu && last.gpusPerNode === node.gpus && last.cpuMilli === node.cpuMilli && last.memoryMiB === node.memoryMiB) last.count++;
    else runs.push({ count: 1, gpu, gpusPerNode: node.gpus, cpuMilli: node.cpuMilli, memoryMiB: node.memoryMiB });
  }
  return runs;
}
