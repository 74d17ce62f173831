import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { routerPolicies } from "../../src/policies/router/registry.js";
import type { ReplicaView, RouteRequestView } from "../../src/policies/router/router-types.js";
import { runFleet, serviceSpec } from "./harness.js";

const regions = ["us", "eu", "ap"];

const replicaArb = fc.record({
  region: fc.constantFrom(...regions),
  queuedRequests: fc.nat(50),
  runningRequests: fc.nat(256),
  kvUtilization: fc.double({ min: 0, max: 1, noNaN: true }),
  kvDemand: fc.double({ min: 0, max: 3, noNaN: true }),
  maxBatchSize: fc.integer({ min: 1, max: 256 }),
});

function requestView(sequence: number, origin: string): RouteRequestView {
  return {
    id: sequence * 7,
    sequence,
    service: "s",
    requestClass: "c",
    promptTokens: 100,
    originRegion: origin,
    latencyToS: (region) => (region === origin ? 0 : 0.05 + regions.indexOf(region) * 0.01),
  };
}

describe("router policies", () => {
  for (const policy of Object.values(routerPolicies)) {
    it(`${policy.name} only routes to an existing replica`, () => {
      fc.assert(
        fc.property(fc.array(replicaArb, { minLength: 1, maxLength: 12 }), fc.nat(10_000), fc.constantFrom(...regions), fc.integer(), (raw, sequence, origin, seed) => {
          const replicas: ReplicaView[] = raw.map((r) => ({ ...r, outstandingRequests: r.queuedRequests + r.runningRequests }));
          const frozen = JSON.stringify(replicas);
          const choice = policy.route(requestView(sequence, origin), replicas, new RngStreams(Math.abs(seed)).stream("router"));
          expect(JSON.stringify(replicas)).toBe(frozen);
          if (choice === null) return;
          expect(Number.isInteger(choice)).toBe(true);
          expect(choice).toBeGreaterThanOrEqual(0);
          expect(choice).toBeLessThan(replicas.length);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("region-aware picks the origin's region while it has room, else the next nearest", () => {
    const view = (region: string, outstanding: number): ReplicaView => ({ region, queuedRequests: 0, runningRequests: outstanding, outstandingRequests: outstanding, kvUtilization: 0, kvDemand: 0, maxBatchSize: 8 });
    const rng = new RngStreams(1).stream("r");
    const route = routerPolicies["region-aware"].route;
    expect(route(requestView(0, "eu"), [view("us", 0), view("eu", 3), view("ap", 0)], rng)).toBe(1);
    expect(route(requestView(0, "eu"), [view("us", 0), view("eu", 8), view("ap", 0)], rng)).toBe(0);
  });

  it("JSQ beats random on p99 TTFT at high load", () => {
    const load = (router: string) =>
      runFleet(
        [serviceSpec({ router, count: 8000, replicas: { count: 8, tensorParallel: 1 }, arrival: { process: "poisson", ratePerS: 320 }, promptTokens: { dist: "lognormal", mean: 512, cv: 1 }, outputTokens: { dist: "lognormal", mean: 128, cv: 1 } })],
        [{ count: 8, gpu: "H100-SXM", gpusPerNode: 1 }],
        { warmupS: 2 },
      ).summary;
    const jsq = load("least-outstanding");
    const random = load("random");
    const p2c = load("power-of-two");
    expect(jsq.ttftS.p99 as number).toBeLessThan(random.ttftS.p99 as number);
    expect(p2c.ttftS.p99 as number).toBeLessThan(random.ttftS.p99 as number);
    console.log(`p99 TTFT: jsq ${jsq.ttftS.p99} p2c ${p2c.ttftS.p99} random ${random.ttftS.p99}`);
  });

  it("WAN latency counts in TTFT and region-aware routes to the nearest region", () => {
    const nodes = [
      { count: 1, gpu: "H100-SXM" as const, gpusPerNode: 1, region: "us" },
      { count: 1, gpu: "H100-SXM" as const, gpusPerNode: 1, region: "eu" },
    ];
    const spec = serviceSpec({ count: 400, arrival: { process: "poisson", ratePerS: 10 }, replicas: { count: 2, tensorParallel: 1, regions: ["us", "eu"] }, origins: [{ region: "us", weight: 1 }, { region: "eu", weight: 1 }], wanLatencyS: 0.08 });
    const aware = runFleet([{ ...spec, router: "region-aware" }], nodes);
    const rr = runFleet([{ ...spec, router: "round-robin" }], nodes);
    expect(rr.summary.ttftS.mean as number).toBeGreaterThan((aware.summary.ttftS.mean as number) + 0.05);
    expect(aware.summary.ttftS.max as number).toBeLessThan(0.16);
    expect(new Set(aware.rows.map((r) => r.region))).toEqual(new Set(["us", "eu"]));
  });
});
