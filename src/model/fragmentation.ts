/**
 * GPU fragmentation of a node and of a cluster, measured against a target workload, as defined in
 * "Beware of Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation Gradient Descent"
 * (Weng et al., USENIX ATC '23, section 3):
 *
 * - F_n(m), the fragment of node n for task m: the node's unallocated GPU share that task m cannot
 *   use. When m cannot run on n at all (it asks for no GPU, the GPU model is not allowed, CPU or
 *   memory are short, or too few GPUs have the share m needs), all of n's unallocated GPU share is
 *   fragment; otherwise only the free share of the GPUs whose free share is below m's per-GPU
 *   request (min(D_m, 1) GPU) is.
 * - F_n(M) = sum over task classes m of popularity p_m times F_n(m); the cluster's fragmentation is
 *   the sum over nodes.
 *
 * All amounts are in milli-GPUs (1000 = one GPU).
 */
import type { ClusterView, NodeInfo } from "./cluster.js";
import type { GpuName } from "./gpus.js";
import { cpuShareMilli, gpuTypeAllowed, memoryShareMiB, type ResourceRequest } from "./resources.js";

/** One node's free resources as the fragmentation measure reads them (a snapshot or a what-if). */
export interface NodeFreeState {
  /** GPU model of the node's GPUs. */
  readonly gpuType: GpuName;
  /** Free CPU in millicores (Infinity when unconstrained). */
  readonly cpuFreeMilli: number;
  /** Free host memory in MiB (Infinity when unconstrained). */
  readonly memoryFreeMiB: number;
  /** Free share of each GPU of the node, in milli-GPUs. */
  readonly gpuFreeMilli: readonly number[];
}

/** A task class of the target workload with its popularity (popularities sum to 1). */
export interface TargetTask extends ResourceRequest {
  /** Fraction of tasks of this class, p_m. */
  readonly popularity: number;
}

/** The target workload M: the task classes the cluster expects, with popularities. */
export type TargetWorkload = readonly TargetTask[];

/** Snapshot of a node's free resources in a cluster view. */
export function freeStateOf(cluster: ClusterView, node: NodeInfo): NodeFreeState {
  const gpuFreeMilli: number[] = [];
  for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) gpuFreeMilli.push(cluster.gpuFreeMilli(g));
  return { gpuType: node.gpuType, cpuFreeMilli: cluster.nodeFreeCpuMilli(node.index), memoryFreeMiB: cluster.nodeFreeMemoryMiB(node.index), gpuFreeMilli };
}

/** Unallocated GPU share of a node in milli-GPUs. */
export function freeGpuMilliOf(node: NodeFreeState): number {
  let total = 0;
  for (const free of node.gpuFreeMilli) total += free;
  return total;
}

/** F_n(m): the node's unallocated GPU share (milli-GPUs) that task `task` cannot use. */
export function taskFragmentMilli(node: NodeFreeState, task: ResourceRequest): number {
  let total = 0;
  let fitting = 0;
  let tooSmall = 0;
  const perGpu = task.gpuMilli;
  for (const free of node.gpuFreeMilli) {
    total += free;
    if (free >= perGpu) fitting++;
    else tooSmall += free;
  }
  if (total === 0) return 0;
  if (task.gpus === 0 || perGpu === 0) return total;
  if (!gpuTypeAllowed(task, node.gpuType)) return total;
  if (cpuShareMilli(task, task.gpus) > node.cpuFreeMilli || memoryShareMiB(task, task.gpus) > node.memoryFreeMiB) return total;
  if (fitting < task.gpus) return total;
  return tooSmall;
}

/** F_n(M): the node's expected fragment (milli-GPUs) over the target workload. */
export function nodeFragmentMilli(node: NodeFreeState, target: TargetWorkload): number {
  return compiledTargetOf(target).fragmentMilli(node.gpuType, node.cpuFreeMilli, node.memoryFreeMiB, node.gpuFreeMilli, 0, node.gpuFreeMilli.length);
}

/** Buckets of the study's fragment accounting (its simulator's utils/frag.go), summed in this order. */
const Bucket = { LackBoth: 0, LackGpu: 1, LackCpu: 2, CpuOnlyFits: 3, CpuOnlyLacks: 4, NoAccess: 5 } as const;

/**
 * A target workload prepared for fast F_n(M): classes as typed arrays, the GPU-model test cached per
 * model. `fragmentMilli` allocates nothing and adds up the classes' fragments by kind in the order
 * the authors' simulator does (lack both, lack GPU, lack CPU, CPU-only fits, CPU-only lacks, no
 * access), so F_n(M), and the integer FGD score computed from it, match theirs to the last bit.
 */
export class CompiledTarget {
  private readonly gpus: Int32Array;
  private readonly gpuMilli: Int32Array;
  private readonly cpuMilli: Float64Array;
  private readonly memoryMiB: Float64Array;
  private readonly popularity: Float64Array;
  private readonly access = new Map<GpuName, Uint8Array>();
  private readonly buckets = new Float64Array(6);
  /** Distinct per-GPU shares of the GPU classes, and each class's index into them (-1: CPU-only). */
  private readonly millis: Int32Array;
  private readonly milliOf: Int32Array;
  private readonly fitting: Int32Array;
  private readonly tooSmall: Float64Array;

  constructor(private readonly target: TargetWorkload) {
    this.gpus = Int32Array.from(target, (t) => t.gpus);
    this.gpuMilli = Int32Array.from(target, (t) => (t.gpus === 0 ? 0 : t.gpuMilli));
    this.cpuMilli = Float64Array.from(target, (t) => cpuShareMilli(t, t.gpus));
    this.memoryMiB = Float64Array.from(target, (t) => memoryShareMiB(t, t.gpus));
    this.popularity = Float64Array.from(target, (t) => t.popularity);
    const distinct = [...new Set(this.gpuMilli.filter((m) => m > 0))];
    this.millis = Int32Array.from(distinct);
    this.milliOf = Int32Array.from(this.gpuMilli, (m) => (m > 0 ? distinct.indexOf(m) : -1));
    this.fitting = new Int32Array(distinct.length);
    this.tooSmall = new Float64Array(distinct.length);
  }

  private accessOf(gpuType: GpuName): Uint8Array {
    let mask = this.access.get(gpuType);
    if (mask === undefined) {
      mask = Uint8Array.from(this.target, (t) => (gpuTypeAllowed(t, gpuType) ? 1 : 0));
      this.access.set(gpuType, mask);
    }
    return mask;
  }

  /** F_n(M) in milli-GPUs of a node whose GPUs' free shares are `gpuFree[from .. from + count)`. */
  fragmentMilli(gpuType: GpuName, cpuFreeMilli: number, memoryFreeMiB: number, gpuFree: ArrayLike<number>, from: number, count: number): number {
    let total = 0;
    for (let g = from; g < from + count; g++) total += gpuFree[g] as number;
    // Per distinct share: GPUs that have it, and the free share on those that do not.
    const { millis, fitting, tooSmall } = this;
    for (let d = 0; d < millis.length; d++) {
      const milli = millis[d] as number;
      let fit = 0;
      let small = 0;
      for (let g = from; g < from + count; g++) {
        const free = gpuFree[g] as number;
        if (free >= milli) fit++;
        else small += free;
      }
      fitting[d] = fit;
      tooSmall[d] = small;
    }
    const b = this.buckets;
    b.fill(0);
    const access = this.accessOf(gpuType);
    const n = this.gpus.length;
    for (let k = 0; k < n; k++) {
      const p = this.popularity[k] as number;
      const milli = this.gpuMilli[k] as number;
      const hostFits = (this.cpuMilli[k] as number) <= cpuFreeMilli && (this.memoryMiB[k] as number) <= memoryFreeMiB;
      if (milli === 0) {
        b[hostFits ? Bucket.CpuOnlyFits : Bucket.CpuOnlyLacks] += p * total;
        continue;
      }
      if (access[k] === 0) {
        b[Bucket.NoAccess] += p * total;
        continue;
      }
      const d = this.milliOf[k] as number;
      if ((fitting[d] as number) >= (this.gpus[k] as number)) {
        if (hostFits) b[Bucket.LackGpu] += p * (tooSmall[d] as number);
        else b[Bucket.LackCpu] += p * total;
      } else b[hostFits ? Bucket.LackGpu : Bucket.LackBoth] += p * total;
    }
    return (b[0] as number) + (b[1] as number) + (b[2] as number) + (b[3] as number) + (b[4] as number) + (b[5] as number);
  }
}

const compiled = new WeakMap<TargetWorkload, CompiledTarget>();

/** The compiled form of a target workload (built once per workload object). */
export function compiledTargetOf(target: TargetWorkload): CompiledTarget {
  let c = compiled.get(target);
  if (c === undefined) {
    c = new CompiledTarget(target);
    compiled.set(target, c);
  }
  return c;
}

/** F(M): the cluster's fragmentation in milli-GPUs (the sum of its nodes'). */
export function clusterFragmentMilli(cluster: ClusterView, target: TargetWorkload): number {
  let fragment = 0;
  for (const node of cluster.nodes) if (node.gpuCount > 0) fragment += nodeFragmentMilli(freeStateOf(cluster, node), target);
  return fragment;
}
