import { describe, expect, it } from "vitest";
import { runFleet, serviceSpec } from "./harness.js";

const specs = () => [
  serviceSpec({ count: 1500, replicas: { count: 3, tensorParallel: 1 }, arrival: { process: "gamma", ratePerS: 60, cv: 2 }, router: "power-of-two", promptTokens: { dist: "lognormal", mean: 600, cv: 1 }, outputTokens: { dist: "lognormal", mean: 150, cv: 1 }, kvCache: { blockTokens: 16, gpuMemoryUtilization: 0.9, maxTokens: 30_000 } }),
  serviceSpec({ name: "embed", model: "bge-large-en", count: 500, arrival: { process: "poisson", ratePerS: 30 }, router: "random", classes: [{ name: "a", weight: 1 }, { name: "b", weight: 2, promptTokens: 64 }] }),
];
const nodes = [{ count: 4, gpu: "H100-SXM" as const, gpusPerNode: 1 }];

describe("determinism", () => {
  it("the same seed gives identical requests rows and summary", () => {
    const a = runFleet(specs(), nodes, { seed: 11 });
    const b = runFleet(specs(), nodes, { seed: 11 });
    expect(a.rows).toEqual(b.rows);
    expect(JSON.stringify(a.summary)).toBe(JSON.stringify(b.summary));
    expect(a.summary.preemptions).toBeGreaterThan(0);
  });

  it("another seed gives other rows", () => {
    const a = runFleet(specs(), nodes, { seed: 11 });
    const c = runFleet(specs(), nodes, { seed: 12 });
    expect(a.rows).not.toEqual(c.rows);
  });
});

describe("Little's law on requests", () => {
  it("time-averaged requests in system = throughput × mean end-to-end latency", () => {
    const run = runFleet(specs(), nodes, { seed: 5 });
    const completed = run.rows.filter((r) => r.status === "completed");
    expect(completed).toHaveLength(2000);
    const meanE2eS = completed.reduce((s, r) => s + (r.e2eS as number), 0) / completed.length;
    const lambda = completed.length / run.simulatedS;
    const l = run.summary.meanRequestsInSystem;
    expect(Math.abs(l - lambda * meanE2eS) / l).toBeLessThan(0.01);
  });
});
