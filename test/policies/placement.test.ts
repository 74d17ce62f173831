import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { Cluster } from "../../src/model/cluster.js";
import type { GpuName } from "../../src/model/gpus.js";
import { placementPolicies } from "../../src/policies/registry.js";
import type { JobView, Placement } from "../../src/policies/types.js";

function job(gpus: number, gpuType?: GpuName): JobView {
  return { index: 0, id: "j", workload: "w", tenant: "t", priority: 0, gpus, gpuMilli: 1000, gpuType, cpuMilli: 0, memoryMiB: 0, submitS: 0, estimateS: 1 };
}

/** Four 4-GPU nodes with 1, 3, 2 and 4 GPUs free. */
function fragmented(): Cluster {
  const cluster = new Cluster([{ count: 4, gpu: "H100-SXM", gpusPerNode: 4 }]);
  cluster.allocate(job(3), [0, 1, 2]); // node 0: 1 free
  cluster.allocate(job(1), [4]); // node 1: 3 free
  cluster.allocate(job(2), [8, 9]); // node 2: 2 free
  return cluster;
}

const rng = new RngStreams(1).stream("placement");
/** The GPU list of a placement decision (policies may return a bare array or a Placement). */
const gpusOf = (decision: Placement | readonly number[] | null): readonly number[] | null =>
  decision === null ? null : Array.isArray(decision) ? decision : (decision as Placement).gpus;
const nodesOf = (cluster: Cluster, decision: Placement | readonly number[] | null) =>
  [...new Set((gpusOf(decision) ?? []).map((g) => cluster.nodeOfGpu(g)))].sort();

describe("placement policies", () => {
  it("first-fit takes the lowest-numbered nodes", () => {
    const c = fragmented();
    expect(gpusOf(placementPolicies["first-fit"].place(job(2), c, rng))).toEqual([3, 5]);
  });

  it("best-fit takes the tightest node that holds the job", () => {
    const c = fragmented();
    expect(nodesOf(c, placementPolicies["best-fit"].place(job(2), c, rng))).toEqual([2]);
    expect(nodesOf(c, placementPolicies["best-fit"].place(job(3), c, rng))).toEqual([1]);
    expect(nodesOf(c, placementPolicies["best-fit"].place(job(1), c, rng))).toEqual([0]);
  });

  it("best-fit spans as few nodes as possible when no node holds the job", () => {
    const c = fragmented();
    // 6 GPUs: the 4-free node, then the tightest node for the remaining 2.
    expect(nodesOf(c, placementPolicies["best-fit"].place(job(6), c, rng))).toEqual([2, 3]);
  });

  it("worst-fit spreads over the emptiest nodes", () => {
    const c = fragmented();
    expect(nodesOf(c, placementPolicies["worst-fit"].place(job(1), c, rng))).toEqual([3]);
    expect(nodesOf(c, placementPolicies["worst-fit"].place(job(3), c, rng))).toEqual([1, 3]);
  });

  it("random is valid and reproducible for a seed", () => {
    const c = fragmented();
    const a = gpusOf(placementPolicies.random.place(job(5), c, new RngStreams(3).stream("placement")));
    const b = gpusOf(placementPolicies.random.place(job(5), c, new RngStreams(3).stream("placement")));
    expect(a).toEqual(b);
    expect(c.checkAllocation(job(5), a ?? [])).toBeNull();
    expect(a?.length).toBe(5);
  });

  it("every policy returns null when the job does not fit, and respects the GPU type", () => {
    const mixed = new Cluster([
      { count: 1, gpu: "A100-80G", gpusPerNode: 8 },
      { count: 1, gpu: "H100-SXM", gpusPerNode: 2 },
    ]);
    for (const policy of Object.values(placementPolicies)) {
      expect(policy.place(job(11), mixed, rng)).toBeNull();
      expect(policy.place(job(3, "H100-SXM"), mixed, rng)).toBeNull();
      const h = gpusOf(policy.place(job(2, "H100-SXM"), mixed, rng));
      expect([...(h ?? [])].sort()).toEqual([8, 9]);
    }
  });
});
