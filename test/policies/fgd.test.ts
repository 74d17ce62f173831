import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { Cluster } from "../../src/model/cluster.js";
import { clusterFragmentMilli, freeStateOf, type NodeFreeState, nodeFragmentMilli, type TargetWorkload, taskFragmentMilli } from "../../src/model/fragmentation.js";
import type { GpuName } from "../../src/model/gpus.js";
import { type ResourceRequest, WHOLE_GPU_MILLI } from "../../src/model/resources.js";
import { targetWorkloadOf } from "../../src/model/target-workload.js";
import { nodeHoldsJob } from "../../src/policies/placement/common.js";
import { createFgd, fgdScore } from "../../src/policies/placement/fgd.js";
import { placementPolicies } from "../../src/policies/registry.js";
import type { JobView, Placement } from "../../src/policies/types.js";

const task = (gpus: number, gpuMilli: number, extra: Partial<ResourceRequest> = {}): ResourceRequest => ({ gpus, gpuMilli, gpuType: undefined, cpuMilli: 0, memoryMiB: 0, ...extra });
const pod = (index: number, request: ResourceRequest): JobView => ({ ...request, singleNode: true, index, id: `p${index}`, workload: "w", tenant: "t", priority: 0, submitS: 0, estimateS: 1 });
const state = (gpuFreeMilli: number[], cpuFreeMilli = 64000, gpuType: GpuName = "T4"): NodeFreeState => ({ gpuType, cpuFreeMilli, memoryFreeMiB: 1e6, gpuFreeMilli });
const gpusOf = (d: Placement | readonly number[] | null) => (d === null ? null : Array.isArray(d) ? d : (d as Placement).gpus);

/** The hand example: a share task (0.5 GPU, p 0.5), a whole-GPU task (p 0.3), a CPU-only task (p 0.2). */
const M: TargetWorkload = [
  { ...task(1, 500, { cpuMilli: 4000 }), popularity: 0.5 },
  { ...task(1, 1000, { cpuMilli: 8000 }), popularity: 0.3 },
  { ...task(0, 0, { cpuMilli: 2000 }), popularity: 0.2 },
];

describe("fragmentation measure (Weng et al., ATC '23, section 3)", () => {
  it("F_n(m) on a node with GPUs free 1000 and 300 milli", () => {
    const node = state([1000, 300]);
    expect(taskFragmentMilli(node, task(1, 500))).toBe(300); // fits; the 300 left on GPU1 is too small
    expect(taskFragmentMilli(node, task(1, 1000))).toBe(300);
    expect(taskFragmentMilli(node, task(1, 200))).toBe(0); // both GPUs can take it
    expect(taskFragmentMilli(node, task(0, 0, { cpuMilli: 1 }))).toBe(1300); // CPU-only: every free GPU share
    expect(taskFragmentMilli(node, task(2, 1000))).toBe(1300); // cannot run here: all of it
    expect(taskFragmentMilli(node, task(1, 500, { cpuMilli: 70000 }))).toBe(1300); // CPU short
    expect(taskFragmentMilli(node, task(1, 500, { gpuType: "P100" }))).toBe(1300); // wrong model
    expect(taskFragmentMilli(node, task(1, 500, { gpuTypes: ["P100", "T4"] }))).toBe(300);
    expect(taskFragmentMilli(state([0, 0]), task(1, 500))).toBe(0); // nothing free, nothing fragmented
  });

  it("F_n(M) = sum of p_m F_n(m): 0.5*300 + 0.3*300 + 0.2*1300 = 500", () => {
    expect(nodeFragmentMilli(state([1000, 300]), M)).toBeCloseTo(500, 9);
    expect(nodeFragmentMilli(state([1000, 1000]), M)).toBeCloseTo(400, 9); // only the CPU-only class: 0.2*2000
  });

  it("cluster fragmentation sums the nodes", () => {
    const cluster = new Cluster([{ count: 2, gpu: "T4", gpusPerNode: 2, cpuMilli: 64000, memoryMiB: 1e6 }]);
    cluster.allocate(task(1, 700), [1]);
    expect(nodeFragmentMilli(freeStateOf(cluster, cluster.nodes[0]!), M)).toBeCloseTo(500, 9);
    expect(clusterFragmentMilli(cluster, M)).toBeCloseTo(900, 9);
  });

  it("the target workload keeps the most popular classes up to the threshold, renormalized", () => {
    const requests = [...Array(6).fill(task(1, 500)), ...Array(3).fill(task(1, 1000)), task(8, 1000)];
    const target = targetWorkloadOf(requests, { popularityPct: 90, includeCpuOnly: true });
    expect(target.map((t) => [t.gpus, t.gpuMilli, t.popularity])).toEqual([
      [1, 500, 6 / 9],
      [1, 1000, 3 / 9],
    ]);
    expect(targetWorkloadOf(requests, { popularityPct: 100, includeCpuOnly: true })).toHaveLength(3);
  });
});

describe("FGD placement", () => {
  const target: TargetWorkload = [
    { ...task(1, 500), popularity: 0.5 },
    { ...task(1, 1000), popularity: 0.5 },
  ];
  const twoNodes = () => {
    const cluster = new Cluster([{ count: 2, gpu: "T4", gpusPerNode: 2, cpuMilli: 64000, memoryMiB: 1e6 }]);
    cluster.allocate(task(1, 700), [1]); // node 0: GPUs free 1000 and 300; node 1: idle
    return cluster;
  };

  it("a 300-milli pod fills the 300-milli hole (fragmentation change -300, against +350 elsewhere)", () => {
    const fgd = createFgd(target);
    expect(gpusOf(fgd.place(pod(0, task(1, 300)), twoNodes(), new RngStreams(1).stream("placement")))).toEqual([1]);
  });

  it("the study's integer score: trunc(100 sigmoid(-dF / 1000 milli-GPU)); increases within one step tie", () => {
    expect(fgdScore(500, 500)).toBe(50);
    expect(fgdScore(0, 1000)).toBe(26); // 100 / (1 + e) = 26.9
    expect(fgdScore(1000, 0)).toBe(73); // 100 e / (1 + e) = 73.1
    expect(fgdScore(0, 30)).toBe(49); // 40 milli-GPU of increase fall in one score step
    expect(fgdScore(0, 39)).toBe(49);
    expect(fgdScore(0, 41)).toBe(48);
  });

  it("equal scores go to the lowest node index (the study's smallest node name); the learning variant places validly too", () => {
    const cluster = twoNodes();
    expect(gpusOf(createFgd(target).place(pod(0, task(1, 1000)), cluster, new RngStreams(1).stream("placement")))).toEqual([0]);
    const decision = gpusOf(placementPolicies.fgd.place(pod(0, task(1, 300)), cluster, new RngStreams(1).stream("placement")));
    expect(cluster.checkAllocation(pod(0, task(1, 300)), decision ?? [])).toBeNull();
  });
});

const models: GpuName[] = ["T4", "P100", "G2"];
const requestArb = fc.record({
  gpus: fc.constantFrom(0, 1, 1, 1, 2, 4),
  share: fc.boolean(),
  gpuMilli: fc.integer({ min: 1, max: 999 }),
  cpuMilli: fc.integer({ min: 0, max: 40000 }),
  memoryMiB: fc.integer({ min: 0, max: 60000 }),
  types: fc.constantFrom<GpuName[] | undefined>(undefined, ["T4"], ["P100", "G2"]),
});

/** The study's policies, plus first-fit (its helpers honour single-node pods; worst-fit does not yet). */
const studyPolicies = (["fgd", "best-fit", "dot-product", "gpu-packing", "gpu-clustering", "random", "first-fit"] as const).map((n) => placementPolicies[n]);

describe("every placement policy of the study on single-node pods (property)", () => {
  it("never oversubscribes GPU share, CPU or memory; respects gpu_spec and one node; finds a node when one holds the pod", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ count: fc.integer({ min: 1, max: 3 }), model: fc.constantFrom(...models), gpus: fc.constantFrom(0, 1, 2, 4, 8) }), { minLength: 1, maxLength: 4 }),
        fc.array(requestArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        (groups, requests, seed) => {
          for (const policy of studyPolicies) {
            const cluster = new Cluster(groups.map((g) => ({ count: g.count, gpu: g.model, gpusPerNode: g.gpus, cpuMilli: 64000, memoryMiB: 131072 })));
            const rng = new RngStreams(seed).stream("placement");
            requests.forEach((r, i) => {
              const gpus = r.gpus === 0 && r.cpuMilli === 0 ? 0 : r.gpus;
              const gpuMilli = gpus === 1 && r.share ? r.gpuMilli : WHOLE_GPU_MILLI;
              const types = r.types;
              const job = pod(i, task(gpus, gpuMilli, { cpuMilli: Math.max(1, r.cpuMilli), memoryMiB: r.memoryMiB, gpuType: types?.length === 1 ? types[0] : undefined, gpuTypes: types && types.length > 1 ? types : undefined }));
              const holdable = cluster.nodes.some((n) => (job.gpus === 0 || n.gpuCount > 0) && nodeHoldsJob(n, job, cluster));
              const decision = policy.place(job, cluster, rng);
              if (decision === null) {
                expect(holdable, `${policy.name} found no node for ${JSON.stringify(job)}`).toBe(false);
                return;
              }
              const chosen: Placement = Array.isArray(decision) ? { gpus: decision } : (decision as Placement);
              expect(cluster.checkAllocation(job, chosen.gpus, chosen.node), policy.name).toBeNull();
              const nodes = new Set(chosen.gpus.map((g) => cluster.nodeOfGpu(g)));
              expect(nodes.size).toBeLessThanOrEqual(1);
              for (const g of chosen.gpus) if (types !== undefined) expect(types).toContain(cluster.nodes[cluster.nodeOfGpu(g)]!.gpuType);
              cluster.allocate(job, chosen.gpus, chosen.node);
              for (const node of cluster.nodes) {
                expect(cluster.nodeFreeCpuMilli(node.index)).toBeGreaterThanOrEqual(0);
                expect(cluster.nodeFreeMemoryMiB(node.index)).toBeGreaterThanOrEqual(0);
                for (let g = node.firstGpu; g < node.firstGpu + node.gpuCount; g++) expect(cluster.gpuFreeMilli(g)).toBeGreaterThanOrEqual(0);
              }
            });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
