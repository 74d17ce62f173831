import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { Cluster, type ClusterView, type NodeInfo } from "../../src/model/cluster.js";
import type { TargetWorkload } from "../../src/model/fragmentation.js";
import type { GpuName } from "../../src/model/gpus.js";
import { gpuTypeAllowed, type ResourceRequest, WHOLE_GPU_MILLI } from "../../src/model/resources.js";
import { targetWorkloadOf } from "../../src/model/target-workload.js";
import { dotProduct } from "../../src/policies/placement/dot-product.js";
import { createFgd } from "../../src/policies/placement/fgd.js";
import { gpuClustering } from "../../src/policies/placement/gpu-clustering.js";
import { gpuPacking } from "../../src/policies/placement/gpu-packing.js";
import type { JobView, Placement, PlacementPolicy } from "../../src/policies/types.js";
import { VersionedCluster } from "../../src/sim/fill-cluster.js";

/*
 * The openb family's fast path (node table, per-class score caches, tournament trees, change logs)
 * against straightforward brute-force references written from the study simulator's rules
 * (hkust-adsl/kubernetes-scheduler-simulator, pkg/simulator/plugin/*_score.go): every node scored
 * from scratch, the highest integer score wins, equal scores to the lowest node index. Same
 * decision on every step of random sequences of placements, releases and GPU failures, on plain
 * clusters (the table compares GPUs) and on versioned ones (it follows the change log).
 */

const free = (c: ClusterView, n: NodeInfo) => Array.from({ length: n.gpuCount }, (_, k) => c.gpuFreeMilli(n.firstGpu + k));

/** The node can hold the single-node pod (model, GPUs with the share, CPU, memory). */
function holds(c: ClusterView, n: NodeInfo, job: JobView): boolean {
  if (job.cpuMilli > c.nodeFreeCpuMilli(n.index) || job.memoryMiB > c.nodeFreeMemoryMiB(n.index)) return false;
  if (job.gpus === 0) return true;
  if (!gpuTypeAllowed(job, n.gpuType)) return false;
  return free(c, n).filter((f) => f >= job.gpuMilli).length >= job.gpus;
}

/** Default GPUs: the tightest GPU with the share (lowest index among equal), or the lowest-numbered fully free ones. */
function defaultGpus(c: ClusterView, n: NodeInfo, job: JobView): number[] {
  const f = free(c, n);
  if (job.gpus === 1 && job.gpuMilli < WHOLE_GPU_MILLI) {
    let best = -1;
    f.forEach((x, k) => {
      if (x >= job.gpuMilli && (best < 0 || x < (f[best] as number))) best = k;
    });
    return [n.firstGpu + best];
  }
  return f.flatMap((x, k) => (x === WHOLE_GPU_MILLI ? [n.firstGpu + k] : [])).slice(0, job.gpus);
}

/** Highest score, ties to the lowest index; null when no node holds the pod. */
function argmax(c: ClusterView, job: JobView, score: (n: NodeInfo) => number, gpusOf = defaultGpus): Placement | null {
  let best: NodeInfo | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const n of c.nodes) {
    if (!holds(c, n, job)) continue;
    const s = score(n);
    if (s > bestScore) [best, bestScore] = [n, s];
  }
  if (best === undefined) return null;
  return job.gpus === 0 ? { gpus: [], node: best.index } : { gpus: gpusOf(c, best, job) };
}

/** F_n(M) as utils/frag.go accumulates it: per class into its bucket, buckets summed in order. */
function refFragment(f: number[], cpuFree: number, gpuType: GpuName, target: TargetWorkload): number {
  const total = f.reduce((a, b) => a + b, 0);
  const buckets = [0, 0, 0, 0, 0, 0]; // lack both, lack GPU, lack CPU, CPU-only fits, CPU-only lacks, no access
  for (const t of target) {
    const cpuOk = t.cpuMilli <= cpuFree;
    if (t.gpus === 0) buckets[cpuOk ? 3 : 4]! += t.popularity * total;
    else if (!gpuTypeAllowed(t, gpuType)) buckets[5]! += t.popularity * total;
    else if (f.filter((x) => x >= t.gpuMilli).length >= t.gpus) {
      if (cpuOk) buckets[1]! += t.popularity * f.filter((x) => x < t.gpuMilli).reduce((a, b) => a + b, 0);
      else buckets[2]! += t.popularity * total;
    } else buckets[cpuOk ? 1 : 0]! += t.popularity * total;
  }
  return buckets.reduce((a, b) => a + b, 0);
}

const sigmoidScore = (before: number, after: number) => Math.trunc((1 / (1 + Math.exp(-(before - after) / 1000))) * 100);

function refFgd(c: ClusterView, job: JobView, target: TargetWorkload): Placement | null {
  const shared = job.gpus === 1 && job.gpuMilli < WHOLE_GPU_MILLI;
  /** Score and GPU of a node: a shared pod tries each GPU with the share, the first best one wins. */
  const evaluate = (n: NodeInfo): { score: number; gpus: number[] } => {
    const f = free(c, n);
    const cpu = c.nodeFreeCpuMilli(n.index);
    const before = refFragment(f, cpu, n.gpuType, target);
    if (shared) {
      let best = { score: -1, gpus: [] as number[] };
      f.forEach((x, k) => {
        if (x < job.gpuMilli) return;
        const after = [...f];
        after[k] = x - job.gpuMilli;
        const score = sigmoidScore(before, refFragment(after, cpu - job.cpuMilli, n.gpuType, target));
        if (score > best.score) best = { score, gpus: [n.firstGpu + k] };
      });
      return best;
    }
    const gpus = defaultGpus(c, n, job);
    const after = f.map((x, k) => (gpus.includes(n.firstGpu + k) ? x - job.gpuMilli : x));
    return { score: sigmoidScore(before, refFragment(after, cpu - job.cpuMilli, n.gpuType, target)), gpus };
  };
  return argmax(c, job, (n) => evaluate(n).score, (_c, n) => evaluate(n).gpus);
}

function maxSpec(c: ClusterView): { cpu: number; gpu: number } {
  return { cpu: Math.max(...c.nodes.map((n) => n.cpuMilli)), gpu: Math.max(WHOLE_GPU_MILLI, ...c.nodes.map((n) => n.gpuCount * WHOLE_GPU_MILLI)) };
}

function refDotProduct(c: ClusterView, job: JobView): Placement | null {
  const spec = maxSpec(c);
  return argmax(c, job, (n) => {
    const gpuFree = free(c, n).reduce((a, b) => a + b, 0);
    const dot = (c.nodeFreeCpuMilli(n.index) / spec.cpu) * (job.cpuMilli / spec.cpu) + (gpuFree / spec.gpu) * ((job.gpus * job.gpuMilli) / spec.gpu);
    return Math.trunc(100 * (1 - dot / 2));
  });
}

function refPacking(c: ClusterView, job: JobView): Placement | null {
  return argmax(c, job, (n) => {
    if (job.gpus === 0) return 0;
    const f = free(c, n);
    const fully = f.filter((x) => x === WHOLE_GPU_MILLI).length;
    if (fully === n.gpuCount) return Math.max(Math.trunc(100 / 3) - fully, fully);
    const use = [...f].sort((a, b) => a - b).filter((x) => x >= job.gpuMilli).slice(0, job.gpus);
    const fullyUsed = use.filter((x) => x === WHOLE_GPU_MILLI).length;
    if (fullyUsed > 0) return Math.max(50 - fullyUsed, 33);
    const ratio = use.reduce((s, x) => s + Math.trunc((x * 100) / 1000), 0);
    return Math.max(100 - Math.trunc(ratio / 10), 50);
  });
}

/** The clustering reference keeps its own record of the tags it placed per node (forgotten when the node is idle). */
function refClustering(c: ClusterView, job: JobView, tags: Map<number, Map<string, number>>): Placement | null {
  const tag = job.gpus === 0 ? undefined : job.gpus === 1 && job.gpuMilli < WHOLE_GPU_MILLI ? "share" : `${job.gpus}-gpu`;
  const idle = (n: NodeInfo) => free(c, n).every((x) => x === WHOLE_GPU_MILLI);
  const on = (n: NodeInfo) => (idle(n) ? new Map<string, number>() : (tags.get(n.index) ?? new Map<string, number>()));
  const spec = maxSpec(c);
  const placement = argmax(c, job, (n) => {
    if (tag === undefined) return 0;
    const t = on(n);
    const tier = t.has(tag) ? (t.size === 1 ? 75 : 50) : t.size === 0 ? 25 : 0;
    return Math.trunc((25 * (spec.gpu - free(c, n).reduce((a, b) => a + b, 0))) / spec.gpu) + tier;
  });
  if (tag !== undefined && placement !== null) {
    const n = c.nodes[c.nodeOfGpu(placement.gpus[0] as number)] as NodeInfo;
    const t = on(n);
    t.set(tag, (t.get(tag) ?? 0) + 1);
    tags.set(n.index, t);
  }
  return placement;
}

const models: GpuName[] = ["T4", "P100", "G2"];
const podArb = fc.record({
  gpus: fc.constantFrom(0, 1, 1, 1, 1, 2, 4, 8),
  share: fc.boolean(),
  gpuMilli: fc.constantFrom(100, 250, 300, 470, 500, 810, 999),
  cpuMilli: fc.constantFrom(1000, 2000, 4000, 8000, 16000, 32000),
  memoryMiB: fc.constantFrom(1024, 8192, 65536),
  types: fc.constantFrom<GpuName[] | undefined>(undefined, undefined, ["T4"], ["P100", "G2"]),
});
type Pod = typeof podArb extends fc.Arbitrary<infer T> ? T : never;
type Infer<A> = A extends fc.Arbitrary<infer T> ? T : never;

function jobOf(p: Pod, index: number): JobView {
  const gpuMilli = p.gpus === 1 && p.share ? p.gpuMilli : WHOLE_GPU_MILLI;
  const request: ResourceRequest = {
    gpus: p.gpus,
    gpuMilli,
    gpuType: p.types?.length === 1 ? p.types[0] : undefined,
    gpuTypes: p.types !== undefined && p.types.length > 1 ? p.types : undefined,
    cpuMilli: p.cpuMilli,
    memoryMiB: p.memoryMiB,
    singleNode: true,
  };
  return { ...request, index, id: `p${index}`, workload: "w", tenant: "t", priority: 0, submitS: 0, estimateS: 1 };
}

const clusterArb = fc.array(fc.record({ count: fc.integer({ min: 1, max: 4 }), model: fc.constantFrom(...models), gpus: fc.constantFrom(1, 2, 4, 8), cpu: fc.constantFrom(32000, 64000, 96000) }), { minLength: 1, maxLength: 5 });
/** Each step places a pod, or releases an earlier placement, or fails / repairs a GPU. */
const stepArb = fc.oneof({ weight: 6, arbitrary: podArb.map((pod) => ({ kind: "pod" as const, pod })) }, { weight: 2, arbitrary: fc.nat().map((which) => ({ kind: "release" as const, which })) }, { weight: 1, arbitrary: fc.nat().map((which) => ({ kind: "fail" as const, which })) });

type Reference = (c: ClusterView, job: JobView) => Placement | null;

function checkSequence(policy: PlacementPolicy, reference: Reference, groups: Infer<typeof clusterArb>, steps: Infer<typeof stepArb>[], versioned: boolean): void {
  const specs = groups.map((g) => ({ count: g.count, gpu: g.model, gpusPerNode: g.gpus, cpuMilli: g.cpu, memoryMiB: 262144 }));
  const cluster = versioned ? new VersionedCluster(specs) : new Cluster(specs);
  const rng = new RngStreams(1).stream("placement");
  const placed: { job: JobView; placement: Placement }[] = [];
  const failed: number[] = [];
  steps.forEach((step, index) => {
    if (step.kind === "release") {
      if (placed.length === 0) return;
      const [gone] = placed.splice(step.which % placed.length, 1);
      if (gone !== undefined) cluster.release(gone.job, gone.placement.gpus, gone.placement.node);
      return;
    }
    if (step.kind === "fail") {
      if (failed.length > 0 && step.which % 2 === 0) cluster.setGpuFailed(failed.pop() as number, -1);
      else {
        const g = step.which % cluster.totalGpus;
        if (cluster.isGpuFree(g)) {
          cluster.setGpuFailed(g, 1);
          failed.push(g);
        }
      }
      return;
    }
    const job = jobOf(step.pod, index);
    const expected = reference(cluster, job);
    const decision = policy.place(job, cluster, rng);
    const actual: Placement | null = decision === null ? null : Array.isArray(decision) ? { gpus: decision } : (decision as Placement);
    expect(actual, `${policy.name} step ${index}: ${JSON.stringify(job)}`).toEqual(expected);
    if (actual !== null) {
      cluster.allocate(job, actual.gpus, actual.node);
      placed.push({ job, placement: actual });
    }
  });
}

describe("openb policies' fast path equals a brute-force reference (property)", () => {
  const runs = { numRuns: 40 };
  const sequence = fc.array(stepArb, { minLength: 1, maxLength: 60 });

  it("fgd (integer sigmoid score of the fragmentation change, lowest index on ties)", () => {
    fc.assert(
      fc.property(clusterArb, sequence, fc.array(podArb, { minLength: 1, maxLength: 30 }), fc.boolean(), (groups, steps, sample, versioned) => {
        const target = targetWorkloadOf(sample.map(jobOf), { popularityPct: 95, includeCpuOnly: true });
        checkSequence(createFgd(target), (c, job) => refFgd(c, job, target), groups, steps, versioned);
      }),
      runs,
    );
  });

  it("dot-product", () => {
    fc.assert(fc.property(clusterArb, sequence, fc.boolean(), (groups, steps, versioned) => checkSequence(dotProduct, refDotProduct, groups, steps, versioned)), runs);
  });

  it("gpu-packing", () => {
    fc.assert(fc.property(clusterArb, sequence, fc.boolean(), (groups, steps, versioned) => checkSequence(gpuPacking, refPacking, groups, steps, versioned)), runs);
  });

  it("gpu-clustering (the reference records its own placements, as the policy does)", () => {
    fc.assert(
      fc.property(clusterArb, sequence, fc.boolean(), (groups, steps, versioned) => {
        const tags = new Map<number, Map<string, number>>();
        checkSequence(gpuClustering, (c, job) => refClustering(c, job, tags), groups, steps, versioned);
      }),
      runs,
    );
  });
});
