import type { RandomStream } from "../../engine/rng.js";
import type { ClusterView, NodeInfo } from "../../model/cluster.js";
import { type CompiledTarget, compiledTargetOf, type TargetWorkload } from "../../model/fragmentation.js";
import { isFractional, memoryShareMiB, WHOLE_GPU_MILLI } from "../../model/resources.js";
import { TargetWorkloadBuilder } from "../../model/target-workload.js";
import type { JobView, Placement, PlacementPolicy } from "../types.js";
import { ClassBest, podClassKey } from "./class-best.js";
import { fillInOrder } from "./common.js";
import { type NodeTable, nodeTableOf } from "./node-table.js";

/** A placement policy that can be told the workload it should expect (FGD's target workload M). */
export interface TargetAwarePlacement extends PlacementPolicy {
  /** The same policy, measuring fragmentation against this target workload. */
  withTarget(target: TargetWorkload): PlacementPolicy;
}

/** True for a policy that accepts a target workload. */
export function isTargetAware(policy: PlacementPolicy): policy is TargetAwarePlacement {
  return typeof (policy as Partial<TargetAwarePlacement>).withTarget === "function";
}

/** The study's node score for a fragmentation change: trunc(100 sigmoid((F_before - F_after) / 1000)), 0-100, higher is better. */
export function fgdScore(fragmentBeforeMilli: number, fragmentAfterMilli: number): number {
  return Math.trunc((1 / (1 + Math.exp(-((fragmentBeforeMilli - fragmentAfterMilli) / 1000)))) * 100);
}

/** Per cluster view: F_n(M) per node, the best node per pod class, and (when learning) the classes seen. */
interface FgdState {
  target: CompiledTarget;
  /** True when a target class asks for host memory (then F_n(M) depends on it). */
  memoryMatters: boolean;
  fragVersion: Uint32Array;
  fragment: Float64Array;
  best: ClassBest;
  readonly learned: TargetWorkloadBuilder;
  lastJobIndex: number;
  /** Scratch copy of one node's GPU shares for what-ifs. */
  readonly scratch: Int32Array;
  /** The GPU (node-local) of the last shared-GPU score (-1 otherwise). */
  lastGpu: number;
  /** Scores per score class (the pod class without host memory, unless F_n(M) reads memory), per node. */
  scores: Map<string, ScoreMemo>;
}

/** One score class's node scores and shared-GPU choices, valid while the node's table version matches. */
interface ScoreMemo {
  readonly version: Uint32Array;
  readonly score: Int16Array;
  readonly gpu: Int8Array;
}

function newState(cluster: ClusterView, target: TargetWorkload): FgdState {
  const n = cluster.nodes.length;
  return {
    target: compiledTargetOf(target),
    memoryMatters: target.some((t) => t.memoryMiB > 0),
    fragVersion: new Uint32Array(n),
    fragment: new Float64Array(n),
    best: new ClassBest(cluster),
    learned: new TargetWorkloadBuilder(),
    lastJobIndex: -1,
    scratch: new Int32Array(Math.max(1, ...cluster.nodes.map((x) => x.gpuCount))),
    lastGpu: -1,
    scores: new Map(),
  };
}

function fragmentBefore(state: FgdState, table: NodeTable, node: NodeInfo): number {
  const i = node.index;
  if (state.fragVersion[i] === table.version[i]) return state.fragment[i] as number;
  const f = state.target.fragmentMilli(node.gpuType, table.cpuFree[i] as number, table.memFree[i] as number, table.gpuFree, node.firstGpu, node.gpuCount);
  state.fragment[i] = f;
  state.fragVersion[i] = table.version[i] as number;
  return f;
}

/**
 * The study's score of a node that holds the pod: the integer score of the fragmentation change;
 * for a shared GPU, of the best GPU (highest score, lowest index among equal scores; left in
 * `state.lastGpu`).
 */
function scoreNode(state: FgdState, table: NodeTable, node: NodeInfo, job: JobView): number {
  const i = node.index;
  const before = fragmentBefore(state, table, node);
  const cpuAfter = (table.cpuFree[i] as number) - job.cpuMilli;
  const memAfter = state.memoryMatters ? (table.memFree[i] as number) - memoryShareMiB(job, job.gpus) : (table.memFree[i] as number);
  const s = state.scratch;
  const count = node.gpuCount;
  for (let g = 0; g < count; g++) s[g] = table.gpuFree[node.firstGpu + g] as number;
  state.lastGpu = -1;
  if (job.gpus > 0 && isFractional(job)) {
    let best = -1;
    for (let g = 0; g < count; g++) {
      const free = s[g] as number;
      if (free < job.gpuMilli) continue;
      let seen = false; // an equal share on a lower GPU gives the same score, and the lower index wins
      for (let h = 0; h < g; h++) if (s[h] === free) seen = true;
      if (seen) continue;
      s[g] = free - job.gpuMilli;
      const score = fgdScore(before, state.target.fragmentMilli(node.gpuType, cpuAfter, memAfter, s, 0, count));
      s[g] = free;
      if (score > best) {
        best = score;
        state.lastGpu = g;
      }
    }
    return best;
  }
  let need = job.gpus;
  for (let g = 0; g < count && need > 0; g++) {
    if (s[g] === WHOLE_GPU_MILLI) {
      s[g] = 0;
      need--;
    }
  }
  return fgdScore(before, state.target.fragmentMilli(node.gpuType, cpuAfter, memAfter, s, 0, count));
}

function scoreMemo(state: FgdState, cluster: ClusterView, job: JobView): ScoreMemo {
  const key = `${job.gpus}|${job.gpuMilli}|${job.cpuMilli}|${state.memoryMatters ? job.memoryMiB : ""}|${job.gpuType ?? ""}|${job.gpuTypes?.join(",") ?? ""}`;
  let memo = state.scores.get(key);
  if (memo === undefined) {
    const n = cluster.nodes.length;
    memo = { version: new Uint32Array(n), score: new Int16Array(n), gpu: new Int8Array(n) };
    state.scores.set(key, memo);
  }
  return memo;
}

function place(state: FgdState, job: JobView, cluster: ClusterView): Placement | null {
  const memo = scoreMemo(state, cluster, job);
  const chosen = state.best.best(podClassKey(job), job, (node, table) => {
    const i = node.index;
    if (memo.version[i] !== table.version[i]) {
      memo.score[i] = scoreNode(state, table, node, job);
      memo.gpu[i] = state.lastGpu;
      memo.version[i] = table.version[i] as number;
    }
    return memo.score[i] as number;
  });
  if (chosen >= 0) {
    const node = cluster.nodes[chosen] as NodeInfo;
    const table = nodeTableOf(cluster);
    if (job.gpus === 0) return { gpus: [], node: chosen };
    if (isFractional(job)) return { gpus: [node.firstGpu + (memo.gpu[chosen] as number)] };
    const gpus: number[] = [];
    for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount && gpus.length < job.gpus; g++) if (table.gpuFree[g] === WHOLE_GPU_MILLI) gpus.push(g);
    return { gpus };
  }
  if (job.gpus > 1 && job.singleNode !== true) return fillInOrder(cluster.nodes, job, cluster);
  return null;
}

/**
 * FGD, fragmentation gradient descent (Weng et al., ATC '23, Algorithm 1): place each pod on the
 * node (and, for a shared GPU, the GPU) where it increases the node's expected fragmentation
 * F_n(M) the least, scored as the authors' simulator does (plugin/fgd_score.go): the integer
 * trunc(100 sigmoid(-ΔF / 1000 milli-GPU)), so increases within one score step are equal; equal
 * scores go to the lowest node index (their scheduler picks the smallest node name; the openb node
 * list is in name order), a shared GPU to the lowest-numbered GPU of the best score, whole GPUs to
 * the lowest-numbered free ones. With a target workload M given (`withTarget`) it measures against
 * M; otherwise it learns M from the pods it is asked to place (classes covering 95 % of them,
 * refreshed each time the count of pods seen doubles). Scores are cached per node and pod class and
 * recomputed only for nodes whose allocation changed. A gang that may span nodes and fits on no
 * single node falls back to first fit. The random stream is not used.
 */
export function createFgd(target?: TargetWorkload): TargetAwarePlacement {
  const states = new WeakMap<ClusterView, FgdState>();
  return {
    name: "fgd",
    description: "FGD: the node/GPU that least increases expected GPU fragmentation for the target workload (Weng et al., ATC '23).",
    withTarget: (workload) => createFgd(workload),
    place(job, cluster, _rng: RandomStream) {
      let state = states.get(cluster);
      if (state === undefined) {
        state = newState(cluster, target ?? []);
        states.set(cluster, state);
      }
      if (target === undefined && job.index > state.lastJobIndex) {
        state.lastJobIndex = job.index;
        state.learned.add(job);
        const seen = state.learned.count;
        if ((seen & (seen - 1)) === 0) {
          const learned = newState(cluster, state.learned.build());
          Object.assign(state, { target: learned.target, memoryMatters: false, fragVersion: learned.fragVersion, fragment: learned.fragment, best: learned.best, scores: learned.scores });
        }
      }
      return place(state, job, cluster);
    },
  };
}

/** FGD that learns its target workload from the pods it places (the registry entry). */
export const fgd: TargetAwarePlacement = createFgd();
