import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { jobColumns } from "../../src/metrics/job-metrics.js";
import type { PlacementPolicy } from "../../src/policies/types.js";
import { validateDocument } from "../../src/scenario/load.js";
import { resolvePolicies } from "../../src/run/resolve-policies.js";
import { simulate } from "../../src/sim/simulate.js";
import { MemorySink, repoRoot, runInMemory, scenarioFrom } from "../helpers.js";

const col = (name: (typeof jobColumns)[number]) => jobColumns.indexOf(name);

/** Most GPUs a tenant held at once, from jobs.csv intervals (start, end). */
function peakGpus(rows: (string | number)[][], tenant: string): number {
  const events: [number, number][] = [];
  for (const r of rows) {
    if (r[col("tenant")] !== tenant || r[col("status")] !== "completed" || Number(r[col("restarts")]) > 0) continue;
    events.push([Number(r[col("startS")]), Number(r[col("gpus")])], [Number(r[col("endS")]), -Number(r[col("gpus")])]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of events) {
    now += d;
    peak = Math.max(peak, now);
  }
  return peak;
}

function twoTenants(queue: string, extra: Record<string, unknown> = {}, tenants?: unknown[]) {
  return {
    name: "tenants",
    cluster: { nodes: [{ count: 4, gpu: "H100-SXM", gpusPerNode: 8 }] },
    tenants: tenants ?? [
      { name: "a", quotaGpus: 8, borrowing: false },
      { name: "b", quotaGpus: 24 },
    ],
    workloads: [
      { kind: "jobs", name: "flood", tenant: "a", count: 200, arrival: { process: "poisson", ratePerS: 1 }, gpus: 2, durationS: 50 },
      { kind: "jobs", name: "late", tenant: "b", count: 1, startS: 100, arrival: { process: "constant", ratePerS: 1e9 }, gpus: 16, durationS: 10 },
    ],
    scheduler: { queue, placement: "first-fit" },
    ...extra,
  };
}

describe("tenants", () => {
  it("quota without borrowing: a tenant never holds more than its quota, even with idle GPUs", async () => {
    const { jobs } = await runInMemory(scenarioFrom(twoTenants("quota")));
    expect(peakGpus(jobs, "a")).toBe(8);
  });

  it("borrowing lets a tenant use idle GPUs; reclaim preempts borrowers for a tenant under its quota", async () => {
    const tenants = [
      { name: "a", quotaGpus: 8, borrowing: true },
      { name: "b", quotaGpus: 24 },
    ];
    const borrow = await runInMemory(scenarioFrom(twoTenants("quota", {}, tenants)));
    expect(peakGpus(borrow.jobs, "a")).toBeGreaterThan(8);
    const late = (rows: (string | number)[][]) => rows.find((r) => r[0] === "late-0")!;
    expect(Number(late(borrow.jobs)[col("waitS")])).toBeGreaterThan(0);
    const reclaim = await runInMemory(scenarioFrom(twoTenants("quota", { scheduler: { queue: "quota", placement: "first-fit", preemption: "reclaim" } }, tenants)));
    expect(Number(late(reclaim.jobs)[col("waitS")])).toBeCloseTo(0, 9);
    expect(reclaim.jobs.some((r) => r[col("tenant")] === "a" && Number(r[col("restarts")]) > 0)).toBe(true);
  });

  it("fair share gives backlogged tenants GPU shares in proportion to their weights", async () => {
    const doc = (wa: number, wb: number) => ({
      name: "fair",
      horizon: { durationS: 8_000 },
      cluster: { nodes: [{ count: 4, gpu: "H100-SXM", gpusPerNode: 8 }] },
      tenants: [
        { name: "a", weight: wa },
        { name: "b", weight: wb },
      ],
      workloads: ["a", "b"].map((t) => ({ kind: "jobs", name: t, tenant: t, arrival: { process: "poisson", ratePerS: 0.25 }, gpus: 1, durationS: { dist: "exponential", mean: 100 } })),
      scheduler: { queue: "fair-share" },
    });
    const equal = (await runInMemory(scenarioFrom(doc(1, 1)))).summary.tenants!;
    expect(equal.byTenant.a!.share / equal.byTenant.b!.share).toBeCloseTo(1, 1);
    expect(equal.jainFairness).toBeGreaterThan(0.99);
    const weighted = (await runInMemory(scenarioFrom(doc(3, 1)))).summary.tenants!;
    expect(weighted.byTenant.a!.share / weighted.byTenant.b!.share).toBeGreaterThan(2.5);
    expect(weighted.byTenant.a!.share / weighted.byTenant.b!.share).toBeLessThan(3.5);
    expect(weighted.jainFairness).toBeGreaterThan(0.99);
  });

  it("segments: a tenant's jobs land only on nodes with its labels (checked on every allocation)", async () => {
    const scenario = scenarioFrom({
      name: "segments",
      cluster: { nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 8, labels: ["open"] }, { count: 2, gpu: "H100-SXM", gpusPerNode: 8, labels: ["secure"] }] },
      tenants: [{ name: "open", segments: ["open"] }, { name: "health", segments: ["secure"] }],
      workloads: ["open", "health"].map((t) => ({ kind: "jobs", name: t, tenant: t, count: 100, arrival: { process: "poisson", ratePerS: 0.2 }, gpus: { dist: "choice", values: [1, 4, 8] }, durationS: 30 })),
    });
    const policies = await resolvePolicies(scenario, "t.yaml", ".");
    const audit = new MemorySink();
    simulate(scenario, policies, { jobs: new MemorySink(), timeseries: new MemorySink(), audit });
    expect(audit.rows.length).toBe(200);
    for (const row of audit.rows) {
      const nodes = String(row[5]).split(";");
      const secure = nodes.map((n) => n === "rack0-node2" || n === "rack0-node3");
      expect(secure.every((s) => s === (row[3] === "health"))).toBe(true);
    }
  });

  it("an untrusted placement plug-in that breaks a tenant's segment stops the run naming job, tenant and node", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-seg-"));
    writeFileSync(join(dir, "last.mjs"), "export default { name: 'ignores-segments', description: 'x', place: (job, cluster) => [cluster.totalGpus - 1] };\n");
    const scenario = scenarioFrom({
      name: "breach",
      cluster: { nodes: [{ count: 1, gpu: "L4", gpusPerNode: 2, labels: ["open"] }, { count: 1, gpu: "L4", gpusPerNode: 2, labels: ["secure"] }] },
      tenants: [{ name: "guest", segments: ["open"] }],
      workloads: [{ kind: "jobs", name: "w", tenant: "guest", count: 1, arrival: { process: "constant", ratePerS: 1 }, gpus: 1, durationS: 1 }],
      scheduler: { placement: "./last.mjs" },
    });
    const policies = await resolvePolicies(scenario, join(dir, "s.yaml"), dir, [join(dir, "last.mjs")]);
    expect(() => simulate(scenario, policies, { jobs: new MemorySink(), timeseries: new MemorySink() })).toThrow(
      /ignores-segments.*job w-0 of tenant "guest" on node rack0-node1, outside the tenant's segments \(open\)/,
    );
  });

  /** A shared node first (where first-fit looks first), then two secure nodes; a `health` service of 2 replicas. */
  function securedService(extra: Record<string, unknown> = {}) {
    return {
      name: "secure-serving",
      horizon: { durationS: 60 },
      cluster: { nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 8, labels: ["pool-shared"] }, { count: 2, gpu: "H100-SXM", gpusPerNode: 2, labels: ["pool-secure"] }] },
      tenants: [{ name: "health", segments: ["pool-secure"] }, { name: "open" }],
      workloads: [
        { kind: "inference", name: "triage", tenant: "health", model: "llama-3-8b", gpu: "H100-SXM", replicas: { count: 2, tensorParallel: 2 }, arrival: { process: "poisson", ratePerS: 2 }, promptTokens: 200, outputTokens: 50 },
      ],
      scheduler: { placement: "first-fit" },
      ...extra,
    };
  }

  it("inference replicas stay in their tenant's segments and every replica allocation is in audit.csv", async () => {
    const scenario = scenarioFrom(securedService());
    const policies = await resolvePolicies(scenario, "t.yaml", ".");
    const audit = new MemorySink();
    const summary = simulate(scenario, policies, { jobs: new MemorySink(), timeseries: new MemorySink(), audit });
    const replicaRows = audit.rows.filter((r) => r[1] === "replica");
    expect(replicaRows.map((r) => [r[2], r[3], r[4], r[5]])).toEqual([
      ["triage/replica-0", "health", 2, "rack0-node1"],
      ["triage/replica-1", "health", 2, "rack0-node2"],
    ]);
    expect(summary.requests?.completed).toBeGreaterThan(0);
  });

  it("a replica that does not fit in its segments is not placed elsewhere", async () => {
    const doc = securedService();
    (doc.workloads[0] as { replicas: { count: number } }).replicas.count = 3; // the secure pool holds two
    const scenario = scenarioFrom(doc);
    const policies = await resolvePolicies(scenario, "t.yaml", ".");
    const audit = new MemorySink();
    simulate(scenario, policies, { jobs: new MemorySink(), timeseries: new MemorySink(), audit });
    const nodes = audit.rows.filter((r) => r[1] === "replica").map((r) => r[5]);
    expect(nodes).toEqual(["rack0-node1", "rack0-node2"]);
  });

  it("an untrusted placement plug-in that puts a replica outside its tenant's segments stops the run", async () => {
    const scenario = scenarioFrom(securedService());
    // In process: the audit, not module loading, is under test.
    const rogue: PlacementPolicy = { name: "ignores-segments", description: "places anywhere", place: (job) => Array.from({ length: job.gpus }, (_, i) => i) };
    const policies = { ...(await resolvePolicies(scenario, "t.yaml", ".")), placement: rogue };
    expect(() => simulate(scenario, policies, { jobs: new MemorySink(), timeseries: new MemorySink() })).toThrow(
      /ignores-segments.*replica triage\/replica of tenant "health" on node rack0-node0, outside the tenant's segments \(pool-secure\)/,
    );
  });

  it("tenant GPU-hours count inference replicas; fairness is measured against demand and entitlement", async () => {
    const horizonS = 600;
    const scenario = scenarioFrom({
      name: "serving-tenant",
      horizon: { durationS: horizonS },
      cluster: { nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 4 }] },
      tenants: [{ name: "serve" }, { name: "train" }],
      workloads: [
        { kind: "inference", name: "chat", tenant: "serve", model: "llama-3-8b", gpu: "H100-SXM", replicas: { count: 2, tensorParallel: 2 }, arrival: { process: "poisson", ratePerS: 1 }, promptTokens: 200, outputTokens: 50 },
        { kind: "jobs", name: "flood", tenant: "train", count: 100, arrival: { process: "poisson", ratePerS: 1 }, gpus: 1, durationS: 100 },
      ],
    });
    const { summary } = await runInMemory(scenario);
    const t = summary.tenants!;
    // Two TP-2 replicas hold 4 GPUs for the whole run.
    expect(t.byTenant.serve!.gpuHours).toBeCloseTo((4 * horizonS) / 3600, 6);
    expect(t.byTenant.serve!.demandGpus).toBeCloseTo(4, 6);
    // Half the fleet each is also each tenant's fair share (train is backlogged, serve wants exactly 4).
    expect(t.byTenant.serve!.fairShareGpus).toBeCloseTo(4, 6);
    expect(t.byTenant.train!.fairShareGpus).toBeCloseTo(4, 1); // less only before its first arrival
    expect(t.byTenant.serve!.fairShareRatio).toBeCloseTo(1, 6);
    expect(t.jainFairness).toBeGreaterThan(0.99);
    expect(t.jainRawGpuHours).toBeGreaterThan(0.99);
  });

  it("Jain's index against fair shares ranks fifo below quota and quota with reclaim on scenarios/tenants.yaml", async () => {
    const run = async (queue: string, preemption: string) => {
      const doc = parse(readFileSync(join(repoRoot, "scenarios", "tenants.yaml"), "utf8")) as { scheduler: Record<string, string> };
      doc.scheduler.queue = queue;
      doc.scheduler.preemption = preemption;
      return (await runInMemory(scenarioFrom(doc))).summary.tenants!;
    };
    const fifo = await run("fifo", "none");
    const quota = await run("quota", "none");
    const reclaim = await run("quota", "reclaim");
    expect(fifo.jainFairness!).toBeLessThan(quota.jainFairness! - 0.03);
    expect(reclaim.jainFairness!).toBeGreaterThanOrEqual(quota.jainFairness!);
    // Under fifo the flooding tenant takes more than its fair share and the others less.
    expect(fifo.byTenant.research!.fairShareRatio!).toBeGreaterThan(fifo.byTenant.product!.fairShareRatio! * 1.5);
    for (const t of [fifo, quota, reclaim]) expect(t.jainRawGpuHours).not.toBeNull();
  });

  it("an unknown tenant or a segment no node carries is bad input", () => {
    const bad = twoTenants("fifo");
    (bad.workloads[0] as { tenant: string }).tenant = "c";
    expect(() => validateDocument("t.yaml", bad)).toThrow(/workloads\.0\.tenant: unknown tenant "c" \(tenants: "a" or "b"\)/);
    const noLabel = twoTenants("fifo", {}, [{ name: "a", segments: ["nowhere"] }, { name: "b" }]);
    expect(() => validateDocument("t.yaml", noLabel)).toThrow(/tenants\.0\.segments\.0: no node carries the label "nowhere"/);
  });
});
