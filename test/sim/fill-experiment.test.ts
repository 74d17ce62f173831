import { describe, expect, it } from "vitest";
import type { Cell } from "../../src/metrics/row-sink.js";
import { placementPolicies } from "../../src/policies/registry.js";
import { fillExperimentSchema } from "../../src/scenario/experiment-schema.js";
import { traceWorkloadSchema } from "../../src/scenario/trace-schema.js";
import { RngStreams } from "../../src/engine/rng.js";
import { openbNodeRuns } from "../../src/sim/fill-cluster.js";
import { type FillScenario, type FillSummary, fillColumns, runFill } from "../../src/sim/fill-experiment.js";
import { type PopulationPod, sampleArrivals } from "../../src/sim/fill-population.js";
import { nodeGroupsOf, readOpenbNodes } from "../../src/workload/traces/openb-nodes.js";
import { sampleNodes, samplePods } from "../workload/traces/openb-trace-dir.js";

function scenario(nodesFile: string, podsFile: string, seed: number, workloadRatio = 1.3): FillScenario {
  return {
    name: "fill-test",
    seed,
    cluster: { nodes: nodeGroupsOf(readOpenbNodes(nodesFile).nodes) },
    workloads: [traceWorkloadSchema.parse({ kind: "job-trace", name: "openb", trace: { path: podsFile } })],
    experiment: fillExperimentSchema.parse({ mode: "fill", workloadRatio }),
  };
}

function fill(s: FillScenario, policy: keyof typeof placementPolicies): { summary: FillSummary; rows: Cell[][] } {
  const rows: Cell[][] = [];
  const summary = runFill(s, placementPolicies[policy], { fill: { write: (row) => rows.push([...row]) } });
  return { summary, rows };
}

describe("fill experiment (Weng et al., ATC '23 protocol)", () => {
  it("writes a fill.csv row at every 1 % of arrived workload, deterministic per seed", () => {
    expect(fillColumns).toEqual(["arrivedPct", "allocatedPct", "fragmentationPct"]);
    const a = fill(scenario(sampleNodes, samplePods, 7), "fgd");
    const b = fill(scenario(sampleNodes, samplePods, 7), "fgd");
    expect(a).toEqual(b);
    // One row per whole % up to the arrived total: 130 %, or a little more when the last draws are
    // multi-GPU pods (the study's tuning tests a draw's per-GPU share against the target).
    const last = a.rows.length - 1;
    expect(last).toBeGreaterThanOrEqual(130);
    expect(a.rows.map((r) => r[0])).toEqual(Array.from({ length: last + 1 }, (_, i) => i));
    expect(a.rows[0]).toEqual([0, 0, expect.any(Number)]);
    const allocated = a.rows.map((r) => r[1] as number);
    expect(allocated.every((v, i) => v <= 100 && (i === 0 || v >= (allocated[i - 1] as number)))).toBe(true);
    // The study's figure averages the allocation over the pods after which arrived rounds to 100 %.
    expect(Math.abs((a.summary.fill.unallocatedPctAt100 as number) - (100 - (a.rows[100]?.[1] as number)))).toBeLessThan(2);
    expect(a.summary.pods.placed + a.summary.pods.failed).toBe(a.summary.pods.arrived);
    const other = fill(scenario(sampleNodes, samplePods, 8), "fgd");
    expect(other.rows).not.toEqual(a.rows);
  });

  it("every study policy runs the sample", () => {
    for (const policy of ["fgd", "best-fit", "dot-product", "gpu-packing", "gpu-clustering", "random"] as const) {
      const { summary } = fill(scenario(sampleNodes, samplePods, 1), policy);
      expect(summary.policy).toBe(policy);
      expect(summary.fill.allocatedPctAtEnd).toBeGreaterThan(50);
    }
  });
});

describe("the study's workload tuning (simulator.go TunePodsByNodeTotalResource)", () => {
  const pods = (milli: number[]): PopulationPod[] => milli.map((m, i) => ({ gpus: m === 0 ? 0 : 1, gpuMilli: m === 0 ? 1000 : m, gpuType: undefined, cpuMilli: 1000 + i, memoryMiB: 0, workload: "w" }));
  const request = (list: readonly PopulationPod[]) => list.reduce((s, p) => s + (p.gpus === 0 ? 0 : p.gpus * p.gpuMilli), 0);

  it("inflates: every trace pod once (shuffled), then draws appended until the next would pass the target", () => {
    const population = pods([500, 1000, 0, 250, 1000, 750]);
    const arrivals = sampleArrivals(population, 20_000, new RngStreams(3));
    const head = arrivals.slice(0, population.length);
    expect([...head].sort((a, b) => a.cpuMilli - b.cpuMilli)).toEqual(population);
    expect(head).not.toEqual(population); // shuffled (this seed)
    const total = request(arrivals);
    expect(total).toBeLessThanOrEqual(20_000);
    expect(total).toBeGreaterThan(20_000 - 1000);
  });

  it("deflates: random pods removed until the request is at most the target", () => {
    const population = pods(Array.from({ length: 40 }, (_, i) => 100 + 20 * i));
    const arrivals = sampleArrivals(population, 10_000, new RngStreams(5));
    expect(request(arrivals)).toBeLessThanOrEqual(10_000);
    expect(request(arrivals)).toBeGreaterThan(10_000 - 1000);
    expect(new Set(arrivals).size).toBe(arrivals.length); // a subset, no repeats
  });

  it("keeps the openb node list's order (the study breaks equal scores by node name)", () => {
    const nodes = readOpenbNodes(sampleNodes).nodes;
    const runs = openbNodeRuns(nodes);
    expect(runs.reduce((n, r) => n + r.count, 0)).toBe(nodes.length);
    const expanded = runs.flatMap((r) => Array.from({ length: r.count }, () => `${r.gpu}/${r.gpusPerNode}/${r.cpuMilli}/${r.memoryMiB}`));
    expect(expanded).toEqual(nodes.map((n) => `${n.model ?? runs[0]?.gpu}/${n.gpus}/${n.cpuMilli}/${n.memoryMiB}`));
  });
});
