import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { Cluster } from "../../src/model/cluster.js";
import { placementPolicies } from "../../src/policies/registry.js";
import type { JobView, Placement } from "../../src/policies/types.js";

function job(gpus: number): JobView {
  return { index: 0, id: "j", workload: "w", tenant: "t", priority: 0, gpus, gpuMilli: 1000, gpuType: undefined, cpuMilli: 0, memoryMiB: 0, submitS: 0, estimateS: 1 };
}

/** Two racks of three 8-GPU nodes; rack A has 4 GPUs busy on its first node. */
function twoRacks(): Cluster {
  const cluster = new Cluster([
    { count: 3, gpu: "H100-SXM", gpusPerNode: 8, rack: "a" },
    { count: 3, gpu: "H100-SXM", gpusPerNode: 8, rack: "b" },
  ]);
  cluster.allocate(job(4), [0, 1, 2, 3]);
  return cluster;
}

const rng = new RngStreams(1).stream("placement");
function placed(policy: string, gpus: number, cluster = twoRacks()) {
  const decision = placementPolicies[policy as "pack"].place(job(gpus), cluster, rng) as Placement;
  expect(cluster.checkAllocation(job(gpus), decision.gpus)).toBeNull();
  const nodes = new Set(decision.gpus.map((g) => cluster.nodeOfGpu(g)));
  const racks = new Set([...nodes].map((n) => cluster.nodes[n]?.rack));
  return { nodes: nodes.size, racks: racks.size, nodeList: [...nodes].sort() };
}

describe("topology-aware placement", () => {
  it("pack: a 16-GPU job on two whole nodes of one rack", () => {
    expect(placed("pack", 16)).toMatchObject({ nodes: 2, racks: 1 });
  });

  it("pack: an 8-GPU job on one node", () => {
    expect(placed("pack", 8)).toMatchObject({ nodes: 1, racks: 1 });
  });

  it("spread: a 16-GPU job over both racks and many nodes", () => {
    const p = placed("spread", 16);
    expect(p.racks).toBe(2);
    expect(p.nodes).toBeGreaterThanOrEqual(4);
  });

  it("topo-best-fit: the tightest rack that holds the job (rack a: 20 free) over the emptier one", () => {
    const p = placed("topo-best-fit", 12);
    expect(p.racks).toBe(1);
    expect(p.nodeList.every((n) => n < 3)).toBe(true);
  });

  it("topo-best-fit: the tightest node for a job that fits one", () => {
    expect(placed("topo-best-fit", 4).nodeList).toEqual([0]);
  });

  it("a job larger than any rack spans the fewest racks", () => {
    expect(placed("pack", 40).racks).toBe(2);
    expect(placed("topo-best-fit", 40).racks).toBe(2);
  });
});
