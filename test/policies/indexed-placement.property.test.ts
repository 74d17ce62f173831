import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { Cluster, type ClusterView } from "../../src/model/cluster.js";
import type { GpuName } from "../../src/model/gpus.js";
import { isFractional } from "../../src/model/resources.js";
import { fillInOrder } from "../../src/policies/placement/common.js";
import { placementPolicies } from "../../src/policies/registry.js";
import type { JobView, Placement } from "../../src/policies/types.js";
import { restrictedView } from "../../src/sim/restricted-view.js";
import { bestFit as bestFitReference } from "./reference/best-fit-reference.js";
import { pack as packReference } from "./reference/pack.js";
import { spread as spreadReference } from "./reference/spread.js";
import { topoBestFit as topoReference } from "./reference/topo-best-fit.js";
import { worstFit as worstFitReference } from "./reference/worst-fit-reference.js";

/** The policies as they were before the index (test/policies/reference/): same decisions required. */
const scanReferences = { "best-fit": bestFitReference, "worst-fit": worstFitReference, pack: packReference, spread: spreadReference, "topo-best-fit": topoReference };
/** Policies whose single-node pods follow the study's node score (tested with the openb policies). */
const topologyReferences = { pack: packReference, spread: spreadReference, "topo-best-fit": topoReference };

/**
 * Brute-force references: the placement rules written as plain scans over every node, as the
 * policies were before the index. The indexed policies must take exactly the same decisions.
 */
const references: Record<string, (job: JobView, cluster: ClusterView) => Placement | null> = {
  "first-fit": (job, cluster) => (cluster.freeGpus(job.gpuType) < job.gpus && !isFractional(job) ? null : fillInOrder(cluster.nodes, job, cluster)),
};

const TYPES: GpuName[] = ["H100-SXM", "A100-80G"];

const clusterArb = fc.array(
  fc.record({ count: fc.integer({ min: 1, max: 5 }), gpu: fc.constantFrom(...TYPES), gpusPerNode: fc.integer({ min: 1, max: 8 }), rack: fc.constantFrom("r0", "r1", "r2"), region: fc.constantFrom("east", "west"), labels: fc.subarray(["a"]) }),
  { minLength: 1, maxLength: 5 },
);

const jobArb = fc.record({
  gpus: fc.integer({ min: 1, max: 20 }),
  gpuMilli: fc.constantFrom(1000, 1000, 1000, 500, 300),
  gpuType: fc.option(fc.constantFrom(...TYPES), { nil: undefined }),
  singleNode: fc.boolean(),
});

function job(spec: { gpus: number; gpuMilli: number; gpuType: GpuName | undefined; singleNode: boolean }, index: number): JobView {
  const gpus = spec.gpuMilli < 1000 ? 1 : spec.gpus;
  return { index, id: `j${index}`, workload: "w", tenant: "t", priority: 0, submitS: 0, estimateS: 1, gpus, gpuMilli: spec.gpuMilli, gpuType: spec.gpuType, cpuMilli: 0, memoryMiB: 0, singleNode: spec.singleNode && spec.gpuMilli === 1000 };
}

/** A view over the cluster with no index of its own, so restrictedView answers its queries by scanning. */
function unindexed(cluster: Cluster): ClusterView {
  return new Proxy(cluster, { get: (target, key) => (key === "restrict" ? undefined : Reflect.get(target, key, target)) }) as ClusterView;
}

for (const [name, policy] of Object.entries(scanReferences)) {
  references[name] = (job, cluster) => {
    const decision = policy.place(job, cluster, new RngStreams(1).stream("unused"));
    return decision === null ? null : Array.isArray(decision) ? { gpus: decision as readonly number[] } : (decision as Placement);
  };
}

describe("placement on the cluster index", () => {
  for (const name of Object.keys(references)) {
    it(`${name} takes the brute-force decision on random clusters, occupancies and jobs, also in a segment view`, () => {
      const policy = placementPolicies[name as keyof typeof placementPolicies];
      const reference = references[name] as (job: JobView, cluster: ClusterView) => Placement | null;
      fc.assert(
        fc.property(clusterArb, fc.array(jobArb, { minLength: 1, maxLength: 25 }), (groups, jobs) => {
          const cluster = new Cluster(groups);
          const segment = cluster.restrict((n) => n.labels.includes("a"));
          const scanSegment = restrictedView(unindexed(cluster), (n) => n.labels.includes("a"));
          const rng = new RngStreams(1).stream("placement");
          jobs.forEach((spec, i) => {
            // best-fit places single-node pods by the GPU-sharing study's node score (node-choice.ts, tested with the openb policies).
            const j = job(name === "best-fit" || name in topologyReferences ? { ...spec, singleNode: false } : spec, i);
            for (const [view, scanView] of [[cluster, cluster], [segment, scanSegment]] as const) {
              const got = policy.place(j, view, rng);
              const want = reference(j, scanView);
              const gpus = got === null ? null : Array.isArray(got) ? got : (got as Placement).gpus;
              expect(gpus).toEqual(want?.gpus ?? null);
            }
            // Occupy the cluster as the whole-cluster decision says, so later jobs see a fuller cluster.
            const decision = policy.place(j, cluster, rng);
            const gpus = decision === null ? null : Array.isArray(decision) ? decision : (decision as Placement).gpus;
            if (gpus !== null && cluster.checkAllocation(j, gpus) === null) cluster.allocate(j, gpus);
          });
        }),
        { numRuns: 120 },
      );
    });
  }
});
