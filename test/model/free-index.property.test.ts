import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cluster, type ClusterView } from "../../src/model/cluster.js";
import type { GpuTypeFilter } from "../../src/model/free-index.js";
import type { GpuName } from "../../src/model/gpus.js";
import type { ResourceRequest } from "../../src/model/resources.js";
import {
  scanLargestShareGpu,
  scanNextNodeWithFree,
  scanNextNodeWithShare,
  scanRackFreeGpus,
  scanRoomiestNode,
  scanTightestNode,
  scanTightestShareGpu,
} from "../../src/model/scan-queries.js";

const TYPES: GpuName[] = ["H100-SXM", "A100-80G", "T4"];

const groupArb = fc.record({
  count: fc.integer({ min: 1, max: 6 }),
  gpu: fc.constantFrom(...TYPES),
  gpusPerNode: fc.integer({ min: 0, max: 8 }),
  rack: fc.constantFrom("r0", "r1", "r2"),
  labels: fc.subarray(["a", "b"]),
});

/** An operation on the cluster: allocate a share of some GPUs, release a held allocation, fail or repair a GPU. */
const opArb = fc.oneof(
  fc.record({ kind: fc.constant("allocate" as const), gpu: fc.nat(), milli: fc.constantFrom(1000, 1000, 500, 250, 100), span: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("release" as const), which: fc.nat() }),
  fc.record({ kind: fc.constant("fail" as const), gpu: fc.nat() }),
  fc.record({ kind: fc.constant("repair" as const), which: fc.nat() }),
);

const filterArb: fc.Arbitrary<GpuTypeFilter | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ gpuType: fc.constantFrom(...TYPES) }),
  fc.record({ gpuTypes: fc.subarray(TYPES, { minLength: 1 }) }),
  fc.record({ gpuType: fc.constantFrom(...TYPES), gpuTypes: fc.subarray(TYPES, { minLength: 1 }) }),
);

function request(gpus: number, milli: number): ResourceRequest {
  return { gpus, gpuMilli: milli, gpuType: undefined, cpuMilli: 0, memoryMiB: 0 };
}

function compareQueries(view: ClusterView, filter: GpuTypeFilter | undefined, minFree: number, fromNode: number, milli: number, exclude: Set<number>, shares: boolean): void {
  expect(view.tightestNode(filter, minFree, exclude)).toBe(scanTightestNode(view, filter, minFree, exclude));
  expect(view.roomiestNode(filter, exclude)).toBe(scanRoomiestNode(view, filter, exclude));
  expect(view.nextNodeWithFree(filter, minFree, fromNode)).toBe(scanNextNodeWithFree(view, filter, minFree, fromNode));
  if (shares) {
    // Share indexes start on the first share query (built from the state at that point), so ask late in some runs.
    expect(view.nextNodeWithShare(filter, milli, fromNode)).toBe(scanNextNodeWithShare(view, filter, milli, fromNode));
    expect(view.tightestShareGpu(filter, milli)).toBe(scanTightestShareGpu(view, filter, milli));
    expect(view.largestShareGpu(filter, milli)).toBe(scanLargestShareGpu(view, filter, milli));
  }
  for (let rack = 0; rack < view.rackCount; rack++) expect(view.rackFreeGpus(rack, filter)).toBe(scanRackFreeGpus(view, rack, filter));
  for (const type of TYPES) {
    let free = 0;
    for (const node of view.nodes) if (node.gpuType === type) free += view.freeGpusOnNode(node.index);
    expect(view.freeGpus(type)).toBe(free);
  }
}

describe("the cluster's free-capacity index", () => {
  it("answers every placement question as a full scan does, after any sequence of allocations, releases, failures and repairs, in the cluster and in segment views", () => {
    fc.assert(
      fc.property(
        fc.array(groupArb, { minLength: 1, maxLength: 5 }),
        fc.array(opArb, { maxLength: 60 }),
        fc.array(fc.tuple(filterArb, fc.integer({ min: 1, max: 9 }), fc.nat(40), fc.integer({ min: 1, max: 1000 }), fc.array(fc.nat(40), { maxLength: 4 })), { minLength: 1, maxLength: 4 }),
        fc.nat(3),
        fc.nat(40),
        (groups, ops, queries, segmentAt, sharesFrom) => {
          const cluster = new Cluster(groups.map((g) => ({ ...g })));
          if (cluster.totalGpus === 0) return;
          const held: { req: ResourceRequest; gpus: number[] }[] = [];
          const failed: number[] = [];
          let segment: ClusterView | undefined;
          ops.forEach((op, step) => {
            if (step === segmentAt) segment = cluster.restrict((n) => n.labels.includes("a"));
            if (op.kind === "allocate") {
              const req = request(op.milli < 1000 ? 1 : op.span, op.milli);
              const gpus: number[] = [];
              for (let i = 0; i < cluster.totalGpus && gpus.length < req.gpus; i++) {
                const g = (op.gpu + i) % cluster.totalGpus;
                if (cluster.gpuFreeMilli(g) >= op.milli) gpus.push(g);
              }
              if (gpus.length === req.gpus && cluster.checkAllocation(req, gpus) === null) {
                cluster.allocate(req, gpus);
                held.push({ req, gpus });
              }
            } else if (op.kind === "release" && held.length > 0) {
              const [victim] = held.splice(op.which % held.length, 1);
              if (victim !== undefined) cluster.release(victim.req, victim.gpus);
            } else if (op.kind === "fail") {
              const g = op.gpu % cluster.totalGpus;
              if (cluster.isGpuFree(g)) {
                cluster.setGpuFailed(g, 1);
                failed.push(g);
              }
            } else if (op.kind === "repair" && failed.length > 0) {
              const [g] = failed.splice(op.which % failed.length, 1);
              if (g !== undefined) cluster.setGpuFailed(g, -1);
            }
            for (const [filter, minFree, fromNode, milli, exclude] of queries) {
              compareQueries(cluster, filter, minFree, fromNode, milli, new Set(exclude), step >= sharesFrom);
              if (segment !== undefined) compareQueries(segment, filter, minFree, fromNode, milli, new Set(exclude), step >= sharesFrom);
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
