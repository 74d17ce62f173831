import { type GpuName, type GpuSpec, gpuSpec } from "./gpus.js";

/** A group of identical nodes, as the `cluster.nodes` shorthand describes them. */
export interface NodeGroupSpec {
  /** Number of nodes in the group. */
  count: number;
  /** GPU model on every node of the group. */
  gpu: GpuName;
  /** GPUs per node. */
  gpusPerNode: number;
  /** Node name prefix; nodes are named `${rack}-${prefix}${i}`. */
  namePrefix?: string | undefined;
}

/** Read-only facts about one node. */
export interface NodeInfo {
  /** Index of the node in the cluster (0-based, in scenario order). */
  readonly index: number;
  /** Stable id such as `rack0-node3`. */
  readonly id: string;
  /** Rack name. */
  readonly rack: string;
  /** GPU model of the node's GPUs. */
  readonly gpuType: GpuName;
  /** Number of GPUs. */
  readonly gpuCount: number;
  /** Global index of the node's first GPU; its GPUs are firstGpu .. firstGpu + gpuCount - 1. */
  readonly firstGpu: number;
}

/** What placement policies may look at: a read-only view of the cluster's allocation state. */
export interface ClusterView {
  /** Nodes in index order. */
  readonly nodes: readonly NodeInfo[];
  /** Total number of GPUs. */
  readonly totalGpus: number;
  /** Number of whole free GPUs on a node. */
  freeGpusOnNode(nodeIndex: number): number;
  /** True when a GPU (global index) is free. */
  isGpuFree(gpuIndex: number): boolean;
  /** Node index owning a GPU (global index). */
  nodeOfGpu(gpuIndex: number): number;
  /** Total free GPUs of a type (all types when undefined). */
  freeGpus(gpuType?: GpuName): number;
  /** Total GPUs of a type (all types when undefined). */
  capacityGpus(gpuType?: GpuName): number;
}

/** Sentinel owner for a free GPU. */
const FREE = -1;

/** The cluster: nodes, GPUs and which job holds each GPU. The simulator mutates it; policies read it. */
export class Cluster implements ClusterView {
  readonly nodes: NodeInfo[] = [];
  readonly totalGpus: number;
  /** gpuOwner[g] = job index holding GPU g, or -1. */
  private readonly gpuOwner: Int32Array;
  private readonly gpuNode: Int32Array;
  private readonly nodeFree: Int32Array;
  private readonly freeByType = new Map<GpuName, number>();
  private readonly capacityByType = new Map<GpuName, number>();
  private allocated = 0;

  constructor(groups: readonly NodeGroupSpec[], rackName = "rack0") {
    let gpu = 0;
    for (const group of groups) {
      for (let i = 0; i < group.count; i++) {
        const index = this.nodes.length;
        const prefix = group.namePrefix ?? "node";
        const ordinal = group.namePrefix === undefined ? index : i;
        this.nodes.push({
          index,
          id: `${rackName}-${prefix}${ordinal}`,
          rack: rackName,
          gpuType: group.gpu,
          gpuCount: group.gpusPerNode,
          firstGpu: gpu,
        });
        gpu += group.gpusPerNode;
        this.capacityByType.set(group.gpu, (this.capacityByType.get(group.gpu) ?? 0) + group.gpusPerNode);
      }
    }
    this.totalGpus = gpu;
    this.gpuOwner = new Int32Array(gpu).fill(FREE);
    this.gpuNode = new Int32Array(gpu);
    this.nodeFree = new Int32Array(this.nodes.length);
    for (const node of this.nodes) {
      this.gpuNode.fill(node.index, node.firstGpu, node.firstGpu + node.gpuCount);
      this.nodeFree[node.index] = node.gpuCount;
    }
    for (const [type, count] of this.capacityByType) this.freeByType.set(type, count);
  }

  /** Hardware description of a GPU type present in the cluster. */
  spec(gpuType: GpuName): GpuSpec {
    return gpuSpec(gpuType);
  }

  /** GPU types present, in first-appearance order. */
  get gpuTypes(): GpuName[] {
    return [...this.capacityByType.keys()];
  }

  /** Number of allocated GPUs. */
  get allocatedGpus(): number {
    return this.allocated;
  }

  freeGpusOnNode(nodeIndex: number): number {
    return this.nodeFree[nodeIndex] as number;
  }

  isGpuFree(gpuIndex: number): boolean {
    return this.gpuOwner[gpuIndex] === FREE;
  }

  nodeOfGpu(gpuIndex: number): number {
    return this.gpuNode[gpuIndex] as number;
  }

  /** Job index holding a GPU, or -1 when free. */
  ownerOf(gpuIndex: number): number {
    return this.gpuOwner[gpuIndex] as number;
  }

  freeGpus(gpuType?: GpuName): number {
    if (gpuType === undefined) return this.totalGpus - this.allocated;
    return this.freeByType.get(gpuType) ?? 0;
  }

  capacityGpus(gpuType?: GpuName): number {
    if (gpuType === undefined) return this.totalGpus;
    return this.capacityByType.get(gpuType) ?? 0;
  }

  /**
   * Why a set of GPUs cannot be given to a job, or null when it can: each index valid, distinct,
   * free and of the required type.
   */
  checkAllocation(gpuIndices: readonly number[], gpuType: GpuName | undefined): string | null {
    const seen = new Set<number>();
    for (const g of gpuIndices) {
      if (!Number.isInteger(g) || g < 0 || g >= this.totalGpus) return `GPU index ${g} does not exist`;
      if (seen.has(g)) return `GPU ${g} listed twice`;
      seen.add(g);
      if (this.gpuOwner[g] !== FREE) return `GPU ${g} is already allocated`;
      const node = this.nodes[this.gpuNode[g] as number] as NodeInfo;
      if (gpuType !== undefined && node.gpuType !== gpuType) return `GPU ${g} is a ${node.gpuType}, the job needs ${gpuType}`;
    }
    return null;
  }

  /** Give GPUs to a job (the caller has checked them with `checkAllocation`). */
  allocate(jobIndex: number, gpuIndices: readonly number[]): void {
    for (const g of gpuIndices) {
      const nodeIndex = this.gpuNode[g] as number;
      this.gpuOwner[g] = jobIndex;
      this.nodeFree[nodeIndex]--;
      const type = (this.nodes[nodeIndex] as NodeInfo).gpuType;
      this.freeByType.set(type, (this.freeByType.get(type) as number) - 1);
    }
    this.allocated += gpuIndices.length;
  }

  /** Return a job's GPUs to the pool. */
  release(jobIndex: number, gpuIndices: readonly number[]): void {
    for (const g of gpuIndices) {
      if (this.gpuOwner[g] !== jobIndex) throw new Error(`GPU ${g} is not held by job ${jobIndex}`);
      const nodeIndex = this.gpuNode[g] as number;
      this.gpuOwner[g] = FREE;
      this.nodeFree[nodeIndex]++;
      const type = (this.nodes[nodeIndex] as NodeInfo).gpuType;
      this.freeByType.set(type, (this.freeByType.get(type) as number) + 1);
    }
    this.allocated -= gpuIndices.length;
  }
}
