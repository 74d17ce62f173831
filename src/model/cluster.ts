import { type ExcludedNodes, FreePool, type GpuTypeFilter, PoolSet } from "./free-index.js";
import { type GpuName, type GpuSpec, gpuSpec } from "./gpus.js";
import type { ResourceRequest } from "./resources.js";
import { subsetView } from "./subset-view.js";
import type { ClusterView, NodeGroupSpec, NodeInfo } from "./cluster-view.js";
import { cpuShareMilli, gpuTypeAllowed, gpuTypeText, memoryShareMiB, WHOLE_GPU_MILLI } from "./resources.js";

// The read-only view policies see lives in cluster-view.ts; re-exported so importers of the cluster keep one path.
export type { ClusterView, NodeGroupSpec, NodeInfo } from "./cluster-view.js";

/** The cluster: nodes, GPUs (whole or shared) and node CPU/memory. The simulator mutates it; policies read it. */
export class Cluster implements ClusterView {
  readonly nodes: NodeInfo[] = [];
  readonly totalGpus: number;
  private readonly gpuUsedMilli: Int32Array;
  /** Failures holding each GPU down (a GPU and its node can both be down: a counter, not a flag). */
  private readonly gpuFailed: Int32Array;
  /** Failures holding each node down (its CPU and memory unavailable). */
  private readonly nodeDown: Int32Array;
  private failedGpuCount = 0;
  private readonly gpuNode: Int32Array;
  private readonly nodeFullyFree: Int32Array;
  private readonly nodeCpuUsed: Float64Array;
  private readonly nodeMemUsed: Float64Array;
  private readonly capacityByType = new Map<GpuName, number>();
  /** The free-capacity index of the whole cluster (one pool per GPU model). */
  private readonly index: PoolSet;
  /** Pools each node belongs to (its model's pool of the whole cluster, then of each subset holding it). */
  private readonly nodePools: FreePool[][];
  /** Largest free share (milli-GPUs) of any GPU on each node (maintained once `sharesLive`). */
  private readonly nodeMaxShare: Int32Array;
  /**
   * GPU-share indexes (share buckets, largest share per node) are kept only once a share query has
   * been asked: runs with whole GPUs only never pay for them.
   */
  private sharesLive = false;
  /** Every pool, of the whole cluster and of every subset view. */
  private readonly allPools: FreePool[] = [];
  /** Indexed views of node subsets (segments, regions), by the set of nodes they allow. */
  private readonly subsets = new Map<string, ClusterView>();
  readonly rackCount: number;
  private usedMilliTotal = 0;
  /** HBM occupied by allocations, bytes, and the fleet's total HBM. */
  private hbmUsedBytes = 0;
  readonly totalHbmBytes: number;
  /** HBM of one GPU of each node, bytes. */
  private readonly nodeGpuHbm: Float64Array;
  /** Index into `gpuTypes` of each node's GPU model, and used milli-GPUs per model. */
  private readonly nodeTypeIndex: Int32Array;
  private readonly usedMilliByType: Float64Array;

  constructor(groups: readonly NodeGroupSpec[]) {
    let gpu = 0;
    const rackIndex = new Map<string, number>();
    const regionIndex = new Map<string, number>();
    const nodesInRack = new Map<string, number>();
    for (const group of groups) {
      const rack = group.rack ?? "rack0";
      const region = group.region ?? "region0";
      if (!rackIndex.has(rack)) rackIndex.set(rack, rackIndex.size);
      if (!regionIndex.has(region)) regionIndex.set(region, regionIndex.size);
      for (let i = 0; i < group.count; i++) {
        const index = this.nodes.length;
        // Numbered within the rack (as the topology names nodes), or within the group when it has a prefix.
        const inRack = nodesInRack.get(rack) ?? 0;
        nodesInRack.set(rack, inRack + 1);
        const ordinal = group.namePrefix === undefined ? inRack : i;
        this.nodes.push({
          index,
          id: `${rack}-${group.namePrefix ?? "node"}${ordinal}`,
          rack,
          rackIndex: rackIndex.get(rack) as number,
          region,
          regionIndex: regionIndex.get(region) as number,
          gpuType: group.gpu,
          gpuCount: group.gpusPerNode,
          firstGpu: gpu,
          labels: group.labels ?? [],
          cpuMilli: group.cpuMilli ?? Number.POSITIVE_INFINITY,
          memoryMiB: group.memoryMiB ?? Number.POSITIVE_INFINITY,
        });
        gpu += group.gpusPerNode;
        this.capacityByType.set(group.gpu, (this.capacityByType.get(group.gpu) ?? 0) + group.gpusPerNode);
      }
    }
    this.totalGpus = gpu;
    this.gpuUsedMilli = new Int32Array(gpu);
    this.gpuFailed = new Int32Array(gpu);
    this.nodeDown = new Int32Array(this.nodes.length);
    const types = [...this.capacityByType.keys()];
    this.nodeTypeIndex = Int32Array.from(this.nodes, (n) => types.indexOf(n.gpuType));
    this.usedMilliByType = new Float64Array(types.length);
    this.nodeGpuHbm = Float64Array.from(this.nodes, (n) => gpuSpec(n.gpuType).hbmBytes);
    this.totalHbmBytes = this.nodes.reduce((sum, n) => sum + n.gpuCount * (this.nodeGpuHbm[n.index] as number), 0);
    this.gpuNode = new Int32Array(gpu);
    this.nodeFullyFree = new Int32Array(this.nodes.length);
    this.nodeCpuUsed = new Float64Array(this.nodes.length);
    this.nodeMemUsed = new Float64Array(this.nodes.length);
    for (const node of this.nodes) {
      this.gpuNode.fill(node.index, node.firstGpu, node.firstGpu + node.gpuCount);
      this.nodeFullyFree[node.index] = node.gpuCount;
    }
    this.rackCount = rackIndex.size;
    this.nodeMaxShare = Int32Array.from(this.nodes, (n) => (n.gpuCount > 0 ? WHOLE_GPU_MILLI : -1));
    this.nodePools = this.nodes.map(() => []);
    this.index = this.buildPools(this.nodes);
  }

  /** Pools over the given nodes, one per GPU model, registered for incremental maintenance. */
  private buildPools(nodes: readonly NodeInfo[]): PoolSet {
    const byType = new Map<GpuName, NodeInfo[]>();
    for (const node of nodes) {
      const members = byType.get(node.gpuType);
      if (members === undefined) byType.set(node.gpuType, [node]);
      else members.push(node);
    }
    const pools: FreePool[] = [];
    for (const [type, members] of byType) {
      const maxGpus = members.reduce((m, n) => Math.max(m, n.gpuCount), 0);
      const pool = new FreePool(type, members.map((n) => n.index), this.nodes.length, maxGpus, this.rackCount, (n) => this.nodes[n] as NodeInfo, this.totalGpus);
      for (const node of members) {
        pool.addNode(node.index, node.gpuCount, this.nodeFullyFree[node.index] as number, this.nodeMaxShare[node.index] as number, node.rackIndex);
        (this.nodePools[node.index] as FreePool[]).push(pool);
      }
      pools.push(pool);
      this.allPools.push(pool);
    }
    // Pools made while share indexes are live start from the GPUs' current shares (else ensureShares builds them).
    if (this.sharesLive) for (const pool of pools) pool.resetShares((g) => this.gpuFreeMilli(g));
    return new PoolSet(pools, (n) => this.nodeFullyFree[n] as number, (g) => this.gpuFreeMilli(g));
  }

  /**
   * A view in which only the nodes `allowed` passes exist for placement (a tenant's segments, a
   * service's region): other nodes look full. Its index is maintained like the cluster's, so its
   * queries stay O(log N); views are shared by every caller asking for the same node set.
   */
  restrict(allowed: (node: NodeInfo) => boolean): ClusterView {
    const mask = this.nodes.map((n) => allowed(n));
    let key = "";
    for (let i = 0; i < mask.length; i++) if (mask[i] && !mask[i - 1]) key += `${i}-`;
    for (let i = 0; i < mask.length; i++) if (mask[i] && !mask[i + 1]) key += `${i},`;
    let view = this.subsets.get(key);
    if (view === undefined) {
      view = subsetView(this, mask, this.buildPools(this.nodes.filter((n) => mask[n.index])), this.ensureShares);
      this.subsets.set(key, view);
    }
    return view;
  }

  /** Hardware description of a GPU type. */
  spec(gpuType: GpuName): GpuSpec {
    return gpuSpec(gpuType);
  }

  /** GPU types present, in first-appearance order. */
  get gpuTypes(): GpuName[] {
    return [...this.capacityByType.keys()];
  }

  /** Allocated GPUs in GPU-equivalents (a half-shared GPU counts 0.5). */
  get allocatedGpus(): number {
    return this.usedMilliTotal / WHOLE_GPU_MILLI;
  }

  /** Allocated milli-GPUs of each GPU model, in `gpuTypes` order (a live view: read, do not keep or write). */
  get allocatedMilliByType(): Readonly<Float64Array> {
    return this.usedMilliByType;
  }

  /** HBM occupied by running work, bytes. */
  get hbmOccupiedBytes(): number {
    return this.hbmUsedBytes;
  }

  /** GPUs currently failed (under repair). */
  get failedGpus(): number {
    return this.failedGpuCount;
  }

  freeGpusOnNode(nodeIndex: number): number {
    return this.nodeFullyFree[nodeIndex] as number;
  }

  isGpuFree(gpuIndex: number): boolean {
    return this.gpuUsedMilli[gpuIndex] === 0 && this.gpuFailed[gpuIndex] === 0;
  }

  gpuFreeMilli(gpuIndex: number): number {
    return this.gpuFailed[gpuIndex] !== 0 ? 0 : WHOLE_GPU_MILLI - (this.gpuUsedMilli[gpuIndex] as number);
  }

  nodeFreeCpuMilli(nodeIndex: number): number {
    if (this.nodeDown[nodeIndex] !== 0) return 0;
    return (this.nodes[nodeIndex] as NodeInfo).cpuMilli - (this.nodeCpuUsed[nodeIndex] as number);
  }

  nodeFreeMemoryMiB(nodeIndex: number): number {
    if (this.nodeDown[nodeIndex] !== 0) return 0;
    return (this.nodes[nodeIndex] as NodeInfo).memoryMiB - (this.nodeMemUsed[nodeIndex] as number);
  }

  /**
   * A failure takes a GPU down (+1) or its repair brings it back (−1). Whoever held it must have
   * released it first; a failed GPU is neither free nor allocatable until every failure on it is repaired.
   */
  setGpuFailed(gpuIndex: number, delta: 1 | -1): void {
    const wasFree = this.isGpuFree(gpuIndex);
    const shareBefore = this.gpuFreeMilli(gpuIndex);
    const before = this.gpuFailed[gpuIndex] as number;
    const after = before + delta;
    if (after < 0) throw new Error(`GPU ${gpuIndex} repaired more often than it failed`);
    this.gpuFailed[gpuIndex] = after;
    if (before === 0 && after > 0) this.failedGpuCount++;
    if (before > 0 && after === 0) this.failedGpuCount--;
    this.updateFree(gpuIndex, wasFree, shareBefore);
  }

  /** A failure takes a node down (+1: no CPU or memory for new work) or its repair brings it back (−1). */
  setNodeDown(nodeIndex: number, delta: 1 | -1): void {
    const after = (this.nodeDown[nodeIndex] as number) + delta;
    if (after < 0) throw new Error(`node ${nodeIndex} repaired more often than it failed`);
    this.nodeDown[nodeIndex] = after;
  }

  /** Keep the per-node and per-type free counts in step with a GPU's free state. */
  private updateFree(g: number, wasFree: boolean, shareBefore: number): void {
    const nodeIndex = this.gpuNode[g] as number;
    if (this.sharesLive) this.updateShare(nodeIndex, g, shareBefore);
    const isFree = this.isGpuFree(g);
    if (isFree === wasFree) return;
    const before = this.nodeFullyFree[nodeIndex] as number;
    const after = before + (isFree ? 1 : -1);
    this.nodeFullyFree[nodeIndex] = after;
    const rack = (this.nodes[nodeIndex] as NodeInfo).rackIndex;
    for (const pool of this.nodePools[nodeIndex] as FreePool[]) pool.setFree(nodeIndex, before, after, rack);
  }

  /** Keep the node's largest free GPU share in step after GPU g's free share changed from `before`. */
  private updateShare(nodeIndex: number, g: number, before: number): void {
    const after = this.gpuFreeMilli(g);
    if (after === before) return;
    for (const pool of this.nodePools[nodeIndex] as FreePool[]) pool.setGpuShare(g, before, after);
    const max = this.nodeMaxShare[nodeIndex] as number;
    let next = max;
    if (after > max) next = after;
    else if (before === max && after < before) {
      // The GPU that held the maximum lost share: rescan the node (stops at the first whole free GPU).
      const info = this.nodes[nodeIndex] as NodeInfo;
      next = 0;
      for (let x = info.firstGpu; x < info.firstGpu + info.gpuCount && next < WHOLE_GPU_MILLI; x++) next = Math.max(next, this.gpuFreeMilli(x));
    }
    if (next === max) return;
    this.nodeMaxShare[nodeIndex] = next;
    for (const pool of this.nodePools[nodeIndex] as FreePool[]) pool.setMaxShare(nodeIndex, next);
  }

  nodeOfGpu(gpuIndex: number): number {
    return this.gpuNode[gpuIndex] as number;
  }

  freeGpus(gpuType?: GpuName): number {
    return this.index.freeGpus(gpuType);
  }

  tightestNode(types: GpuTypeFilter | undefined, minFree: number, exclude?: ExcludedNodes): number {
    return this.index.tightestNode(types, minFree, exclude);
  }

  roomiestNode(types: GpuTypeFilter | undefined, exclude?: ExcludedNodes): number {
    return this.index.roomiestNode(types, exclude);
  }

  nextNodeWithFree(types: GpuTypeFilter | undefined, minFree: number, fromNode = 0): number {
    return this.index.nextNodeWithFree(types, minFree, fromNode);
  }

  /** Start maintaining the GPU-share indexes (first share query): build them from the current state. */
  private readonly ensureShares = (): void => {
    if (this.sharesLive) return;
    this.sharesLive = true;
    for (const node of this.nodes) {
      let max = node.gpuCount > 0 ? 0 : -1;
      for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) max = Math.max(max, this.gpuFreeMilli(g));
      this.nodeMaxShare[node.index] = max;
    }
    for (const pool of this.allPools) {
      pool.resetShares((g) => this.gpuFreeMilli(g));
      for (const node of pool.nodeAt) pool.setMaxShare(node, this.nodeMaxShare[node] as number);
    }
  };

  nextNodeWithShare(types: GpuTypeFilter | undefined, milli: number, fromNode = 0): number {
    this.ensureShares();
    return this.index.nextNodeWithShare(types, milli, fromNode);
  }

  rackFreeGpus(rackIndex: number, types?: GpuTypeFilter): number {
    return this.index.rackFreeGpus(rackIndex, types);
  }

  tightestShareGpu(types: GpuTypeFilter | undefined, milli: number): number {
    this.ensureShares();
    return this.index.tightestShareGpu(types, milli);
  }

  largestShareGpu(types: GpuTypeFilter | undefined, milli: number): number {
    this.ensureShares();
    return this.index.largestShareGpu(types, milli);
  }

  capacityGpus(gpuType?: GpuName): number {
    if (gpuType === undefined) return this.totalGpus;
    return this.capacityByType.get(gpuType) ?? 0;
  }

  /**
   * Why `gpus` (and, for CPU-only requests, `node`) cannot be given to a request, or null when
   * they can: GPUs valid, distinct, of the right type, with enough free share, and every node
   * involved with enough CPU and memory for its share of the request.
   */
  checkAllocation(request: ResourceRequest, gpus: readonly number[], node?: number): string | null {
    const expected = request.gpus;
    if (gpus.length !== expected) return `asked for ${expected} GPUs, got ${gpus.length}`;
    if (expected === 1 && request.cpuMilli === 0 && request.memoryMiB === 0) return this.checkOneGpu(request, gpus[0] as number);
    const perNode = new Map<number, number>();
    const seen = new Set<number>();
    for (const g of gpus) {
      if (!Number.isInteger(g) || g < 0 || g >= this.totalGpus) return `GPU index ${g} does not exist`;
      if (seen.has(g)) return `GPU ${g} listed twice`;
      seen.add(g);
      const nodeIndex = this.gpuNode[g] as number;
      const info = this.nodes[nodeIndex] as NodeInfo;
      if (this.gpuFailed[g] !== 0) return `GPU ${g} (${info.id}) has failed and is under repair`;
      if (!gpuTypeAllowed(request, info.gpuType)) return `GPU ${g} is a ${info.gpuType}, the job needs ${gpuTypeText(request)}`;
      if (this.gpuFreeMilli(g) < request.gpuMilli) return `GPU ${g} is already allocated (${this.gpuFreeMilli(g)}/1000 free, needs ${request.gpuMilli})`;
      perNode.set(nodeIndex, (perNode.get(nodeIndex) ?? 0) + 1);
    }
    if (request.singleNode === true && perNode.size > 1) return `a single-node request spans ${perNode.size} nodes`;
    if (expected === 0) {
      if (node === undefined || !Number.isInteger(node) || node < 0 || node >= this.nodes.length) return "a CPU-only request needs a node index";
      perNode.set(node, 0);
    }
    for (const [nodeIndex, count] of perNode) {
      const id = (this.nodes[nodeIndex] as NodeInfo).id;
      if (this.nodeDown[nodeIndex] !== 0) return `node ${id} is down`;
      if (cpuShareMilli(request, count) > this.nodeFreeCpuMilli(nodeIndex)) return `node ${id} lacks CPU`;
      if (memoryShareMiB(request, count) > this.nodeFreeMemoryMiB(nodeIndex)) return `node ${id} lacks memory`;
    }
    return null;
  }

  /** The single-GPU, no-host-resources case of checkAllocation (the common case; no allocations). */
  private checkOneGpu(request: ResourceRequest, g: number): string | null {
    if (!Number.isInteger(g) || g < 0 || g >= this.totalGpus) return `GPU index ${g} does not exist`;
    const nodeIndex = this.gpuNode[g] as number;
    const info = this.nodes[nodeIndex] as NodeInfo;
    if (this.gpuFailed[g] !== 0) return `GPU ${g} (${info.id}) has failed and is under repair`;
    if (!gpuTypeAllowed(request, info.gpuType)) return `GPU ${g} is a ${info.gpuType}, the job needs ${gpuTypeText(request)}`;
    if (this.gpuFreeMilli(g) < request.gpuMilli) return `GPU ${g} is already allocated (${this.gpuFreeMilli(g)}/1000 free, needs ${request.gpuMilli})`;
    if (this.nodeDown[nodeIndex] !== 0) return `node ${info.id} is down`;
    return null;
  }

  /** Give resources to a request (checked with `checkAllocation` first). */
  allocate(request: ResourceRequest, gpus: readonly number[], node?: number): void {
    this.apply(request, gpus, node, +1);
  }

  /** Return a request's resources to the pool. */
  release(request: ResourceRequest, gpus: readonly number[], node?: number): void {
    this.apply(request, gpus, node, -1);
  }

  /** HBM a request occupies on GPU g: what it declares (capped at the GPU's HBM), else its share of the GPU. */
  private hbmOf(request: ResourceRequest, g: number): number {
    const hbm = this.nodeGpuHbm[this.gpuNode[g] as number] as number;
    return request.hbmBytesPerGpu === undefined ? (hbm * request.gpuMilli) / WHOLE_GPU_MILLI : Math.min(hbm, request.hbmBytesPerGpu);
  }

  private apply(request: ResourceRequest, gpus: readonly number[], node: number | undefined, sign: 1 | -1): void {
    if (gpus.length === 1 && request.cpuMilli === 0 && request.memoryMiB === 0) {
      // Common case without host resources: no per-node bookkeeping needed.
      const g = gpus[0] as number;
      const wasFree = this.isGpuFree(g);
      const shareBefore = this.gpuFreeMilli(g);
      const after = (this.gpuUsedMilli[g] as number) + sign * request.gpuMilli;
      if (after < 0 || after > WHOLE_GPU_MILLI) throw new Error(`GPU ${g} share would become ${after}/1000`);
      this.gpuUsedMilli[g] = after;
      this.updateFree(g, wasFree, shareBefore);
      this.usedMilliTotal += sign * request.gpuMilli;
      this.usedMilliByType[this.nodeTypeIndex[this.gpuNode[g] as number] as number] += sign * request.gpuMilli;
      this.hbmUsedBytes += sign * this.hbmOf(request, g);
      return;
    }
    // Host resources are booked per node; a request without any needs no per-node counts (no Map).
    const perNode = request.cpuMilli === 0 && request.memoryMiB === 0 ? undefined : new Map<number, number>();
    for (const g of gpus) {
      const nodeIndex = this.gpuNode[g] as number;
      const wasFree = this.isGpuFree(g);
      const shareBefore = this.gpuFreeMilli(g);
      const after = (this.gpuUsedMilli[g] as number) + sign * request.gpuMilli;
      if (after < 0 || after > WHOLE_GPU_MILLI) throw new Error(`GPU ${g} share would become ${after}/1000`);
      this.gpuUsedMilli[g] = after;
      this.updateFree(g, wasFree, shareBefore);
      this.usedMilliByType[this.nodeTypeIndex[nodeIndex] as number] += sign * request.gpuMilli;
      this.hbmUsedBytes += sign * this.hbmOf(request, g);
      perNode?.set(nodeIndex, (perNode.get(nodeIndex) ?? 0) + 1);
    }
    this.usedMilliTotal += sign * request.gpuMilli * gpus.length;
    if (perNode === undefined) return;
    if (gpus.length === 0 && node !== undefined) perNode.set(node, 0);
    for (const [nodeIndex, count] of perNode) {
      this.nodeCpuUsed[nodeIndex] = (this.nodeCpuUsed[nodeIndex] as number) + sign * cpuShareMilli(request, count);
      this.nodeMemUsed[nodeIndex] = (this.nodeMemUsed[nodeIndex] as number) + sign * memoryShareMiB(request, count);
    }
  }
}
