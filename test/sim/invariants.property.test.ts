import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { Simulation } from "../../src/engine/simulation.js";
import { Cluster } from "../../src/model/cluster.js";
import { placementPolicies, queuePolicies, backfillPolicies } from "../../src/policies/registry.js";
import { resolveCluster } from "../../src/scenario/resolve-cluster.js";
import { scenarioSchema } from "../../src/scenario/schema.js";
import { ClusterScheduler } from "../../src/sim/cluster-scheduler.js";
import { Job as JobAt } from "../../src/sim/job.js";
import { runInMemory } from "../helpers.js";

const placementNames = Object.keys(placementPolicies);
const queueNames = Object.keys(queuePolicies);
const backfillNames = Object.keys(backfillPolicies);

/** Random small scenarios: 1-4 node groups, 1-3 workloads, mixed gangs, any policy combination. */
const scenarioArb = fc.record({
  seed: fc.nat(1000),
  groups: fc.array(
    fc.record({
      count: fc.integer({ min: 1, max: 4 }),
      gpusPerNode: fc.integer({ min: 1, max: 8 }),
      gpu: fc.constantFrom("H100-SXM", "A100-80G"),
      cpuMilli: fc.option(fc.integer({ min: 8000, max: 64000 }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  workloads: fc.array(
    fc.record({
      count: fc.integer({ min: 1, max: 60 }),
      ratePerS: fc.double({ min: 0.05, max: 5, noNaN: true }),
      gpus: fc.integer({ min: 1, max: 20 }),
      meanS: fc.double({ min: 0.1, max: 20, noNaN: true }),
      priority: fc.integer({ min: 0, max: 3 }),
      typed: fc.boolean(),
      shareMilli: fc.option(fc.integer({ min: 50, max: 999 }), { nil: undefined }),
      cpuMilli: fc.integer({ min: 0, max: 20000 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  queue: fc.constantFrom(...queueNames),
  placement: fc.constantFrom(...placementNames),
  backfill: fc.constantFrom(...backfillNames),
  horizonS: fc.option(fc.double({ min: 1, max: 100, noNaN: true }), { nil: undefined }),
});

type Arb = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function toScenario(s: Arb) {
  return scenarioSchema.parse({
    name: "prop",
    seed: s.seed,
    horizon: s.horizonS === undefined ? {} : { durationS: s.horizonS },
    cluster: { nodes: s.groups },
    workloads: s.workloads.map((w, i) => ({
      kind: "jobs",
      name: `w${i}`,
      count: w.count,
      arrival: { process: "poisson", ratePerS: w.ratePerS },
      gpus: w.shareMilli === undefined ? w.gpus : 1,
      gpuMilli: w.shareMilli ?? 1000,
      cpuMilli: w.cpuMilli,
      ...(w.typed ? { gpuType: "H100-SXM" } : {}),
      durationS: { dist: "exponential", mean: w.meanS },
      priority: w.priority,
    })),
    scheduler: { queue: s.queue, placement: s.placement, backfill: s.backfill },
  });
}

describe("scheduler invariants (property tests)", () => {
  it("every job ends exactly once; allocated GPUs never exceed capacity", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const scenario = toScenario(s);
        const { jobs, timeseries, summary } = await runInMemory(scenario);
        const ids = jobs.map((r) => r[0]);
        expect(new Set(ids).size).toBe(ids.length);
        const total = s.workloads.reduce((n, w) => n + w.count, 0);
        expect(summary.jobs.submitted).toBeLessThanOrEqual(total);
        if (s.horizonS === undefined) expect(summary.jobs.submitted).toBe(total);
        expect(ids.length).toBe(summary.jobs.submitted);
        const j = summary.jobs;
        expect(j.completed + j.rejected + j.failed + j.unfinished).toBe(j.submitted);
        if (s.horizonS === undefined) expect(j.unfinished).toBe(0);
        for (const row of timeseries) expect(Number(row[1])).toBeLessThanOrEqual(summary.gpus.total);
        for (const row of jobs) {
          if (row[10] === "completed") expect(Number(row[6])).toBeGreaterThanOrEqual(Number(row[5]));
        }
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it("no GPU share, CPU or memory is ever oversubscribed (checked at every start on signals)", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const scenario = toScenario(s);
        const sim = new Simulation();
        const cluster = new Cluster(resolveCluster(scenario.cluster).groups);
        const scheduler = new ClusterScheduler(
          sim,
          cluster,
          { queue: queuePolicies[s.queue as "fifo"], placement: placementPolicies[s.placement as "first-fit"], backfill: backfillPolicies[s.backfill as "none"] },
          new RngStreams(s.seed).stream("placement"),
        );
        // Independent bookkeeping of what the started jobs hold, per GPU and per node.
        const gpuMilli = new Map<number, number>();
        const nodeCpu = new Map<number, number>();
        const book = (job: JobAt, sign: 1 | -1) => {
          const perNode = new Map<number, number>();
          for (const g of job.gpuIndices) {
            gpuMilli.set(g, (gpuMilli.get(g) ?? 0) + sign * job.gpuMilli);
            perNode.set(cluster.nodeOfGpu(g), (perNode.get(cluster.nodeOfGpu(g)) ?? 0) + 1);
          }
          for (const [n, k] of perNode) nodeCpu.set(n, (nodeCpu.get(n) ?? 0) + (sign * job.cpuMilli * k) / job.gpus);
        };
        scheduler.started.subscribe((job) => {
          book(job, 1);
          expect(job.gpuIndices.length).toBe(job.gpus);
          for (const g of job.gpuIndices) {
            expect(gpuMilli.get(g)).toBeLessThanOrEqual(1000);
            if (job.gpuType !== undefined) expect(cluster.nodes[cluster.nodeOfGpu(g)]?.gpuType).toBe(job.gpuType);
          }
          for (const [n, cpu] of nodeCpu) expect(cpu).toBeLessThanOrEqual((cluster.nodes[n]?.cpuMilli ?? 0) + 1e-6);
          expect(cluster.allocatedGpus).toBeLessThanOrEqual(cluster.totalGpus);
        });
        scheduler.ended.subscribe((job) => book(job, -1));
        // Drive the scheduler directly with random arrivals, checking every start as it happens.
        let index = 0;
        const rng = new RngStreams(s.seed);
        for (const [wi, w] of s.workloads.entries()) {
          const stream = rng.stream(`w${wi}`);
          let t = 0;
          for (let k = 0; k < w.count; k++) {
            t += -Math.log(1 - stream.next()) / w.ratePerS;
            const duration = -Math.log(1 - stream.next()) * w.meanS;
            const gpuType = w.typed ? ("H100-SXM" as const) : undefined;
            const request = {
              workload: `w${wi}`,
              ordinal: k,
              tenant: "t",
              priority: w.priority,
              gpus: w.shareMilli === undefined ? w.gpus : 1,
              gpuMilli: w.shareMilli ?? 1000,
              cpuMilli: w.cpuMilli,
              memoryMiB: 0,
              gpuType,
              durationS: duration,
              work: undefined,
              estimateS: w.meanS,
            };
            sim.scheduleAt(t, () => scheduler.submit(new JobAt(index++, sim.nowS, request)));
          }
        }
        sim.run();
        expect(scheduler.queuedJobs).toBe(0);
        expect(scheduler.runningJobs).toBe(0);
        expect(cluster.allocatedGpus).toBe(0);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it("FIFO without backfill never starts a later job before an earlier one", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const scenario = toScenario({ ...s, queue: "fifo", backfill: "none" });
        const { jobs } = await runInMemory(scenario);
        const started = jobs.filter((r) => r[5] !== "").map((r) => ({ submitS: Number(r[4]), startS: Number(r[5]) }));
        started.sort((a, b) => a.submitS - b.submitS);
        for (let i = 1; i < started.length; i++) expect(started[i]!.startS).toBeGreaterThanOrEqual(started[i - 1]!.startS);
      }),
      { numRuns: 60, seed: 3 },
    );
  });
});

