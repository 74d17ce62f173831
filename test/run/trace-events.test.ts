import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../../src/metrics/trace-sink.js";
import { TraceEventsFile } from "../../src/report/trace-events-file.js";
import { runToDirectory } from "../../src/run/write-run.js";
import { repoRoot, scenarioFrom } from "../helpers.js";

/** Jobs (whole GPUs and halves), a node and a GPU failure, an inference service with an autoscaler; one hour. */
const document = {
  name: "trace",
  seed: 3,
  horizon: { durationS: 3600 },
  cluster: { nodes: [{ count: 3, gpu: "H100-SXM", gpusPerNode: 4 }] },
  workloads: [
    { kind: "jobs", name: "train", arrival: { process: "poisson", ratePerS: 0.02 }, gpus: { dist: "choice", values: [1, 2, 4] }, durationS: { dist: "lognormal", mean: 400, cv: 1 } },
    { kind: "jobs", name: "notebook", arrival: { process: "poisson", ratePerS: 0.01 }, gpus: 1, gpuMilli: 500, durationS: { dist: "exponential", mean: 300 } },
    {
      kind: "inference",
      name: "chat",
      model: "llama-3-8b",
      gpu: "H100-SXM",
      replicas: { count: 2, tensorParallel: 1 },
      count: 400,
      arrival: { process: "poisson", ratePerS: 0.25 },
      promptTokens: { dist: "lognormal", mean: 500, cv: 1 },
      outputTokens: { dist: "lognormal", mean: 20, cv: 1 },
    },
  ],
  failures: [
    { at: 900, target: "node", id: "rack0-node1", repairS: 600 },
    { at: 1600, target: "gpu", id: "0", repairS: 300 },
  ],
  scheduler: { queue: "fifo", placement: "first-fit", backfill: "none" },
  report: { sampleIntervalS: 60 },
};

const root = mkdtempSync(join(tmpdir(), "gpufleet-trace-"));
let runs = 0;

/** Run the scenario into a fresh directory through the run path, with or without a trace file beside it. */
async function run(trace: boolean) {
  const dir = join(root, `run${runs++}`);
  const file = `${dir}.trace.json`;
  const scenario = scenarioFrom(document);
  let written: { events: number; bytes: number } | undefined;
  const summary = await runToDirectory(scenario, join(repoRoot, "test.yaml"), dir, {
    report: false,
    ...(trace ? { traceEventsFile: file, onTraceWritten: (t: { events: number; bytes: number }) => (written = t) } : {}),
  });
  return { dir, file, summary, written };
}

interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: string;
  otherData: { iterations: { seen: number; kept: number; budget: number; sampled: boolean; phases: { fromS: number; keepEvery: number }[] }; events: number; incomplete?: boolean };
}

const csv = (path: string): Record<string, string>[] => parse(readFileSync(path), { columns: true });
const key = (e: { pid: number; tid: number }): string => `${e.pid}/${e.tid}`;

describe("--trace-events: a Chrome trace / Perfetto JSON of the run", async () => {
  const traced = await run(true);
  const text = readFileSync(traced.file, "utf8");
  const trace = JSON.parse(text) as TraceFile;
  const events = trace.traceEvents;
  const slices = events.filter((e) => e.ph === "X");

  it("is a traceEvents array whose events all have ph, ts, pid and tid, slices a duration >= 0", () => {
    expect(Array.isArray(events)).toBe(true);
    expect(trace.displayTimeUnit).toBe("ms");
    expect(trace.otherData.events).toBe(events.length);
    expect(traced.written?.events).toBe(events.length);
    expect(traced.written?.bytes).toBe(Buffer.byteLength(text));
    // One expect over all events: per-event expects are slow.
    const bad = events.filter((e) => !["X", "i", "C", "M"].includes(e.ph) || !Number.isFinite(e.ts) || !Number.isInteger(e.pid) || !Number.isInteger(e.tid) || (e.ph === "X" && !((e.dur ?? -1) >= 0)));
    expect(bad).toEqual([]);
    for (const cat of ["job", "replica", "iteration", "failure"]) expect(slices.some((e) => e.cat === cat)).toBe(true);
  });

  it("names every process and thread it uses with metadata events", () => {
    const processes = new Set(events.filter((e) => e.ph === "M" && e.name === "process_name").map((e) => e.pid));
    const threads = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name").map(key));
    expect(events.filter((e) => !processes.has(e.pid) || ((e.ph === "X" || e.ph === "i") && !threads.has(key(e))))).toEqual([]);
    // One process per node, one thread (first lane) per GPU.
    const gpuThreads = events.filter((e) => e.ph === "M" && e.name === "thread_name" && /^GPU \d+$/.test(String(e.args?.name)));
    expect(gpuThreads.length).toBe(12);
    expect(events.filter((e) => e.ph === "M" && e.name === "process_name" && String(e.args?.name).startsWith("node ")).length).toBe(3);
  });

  it("never overlaps two slices on one track (GPU shares and overlapping failures take sibling lanes)", () => {
    const byTrack = new Map<string, TraceEvent[]>();
    for (const e of slices) byTrack.set(key(e), [...(byTrack.get(key(e)) ?? []), e]);
    const overlaps: [TraceEvent, TraceEvent][] = [];
    for (const list of byTrack.values()) {
      list.sort((a, b) => a.ts - b.ts || (a.dur ?? 0) - (b.dur ?? 0));
      for (let i = 1; i < list.length; i++) {
        const [prev, next] = [list[i - 1], list[i]] as [TraceEvent, TraceEvent];
        if (next.ts < prev.ts + (prev.dur ?? 0) - 1e-3) overlaps.push([prev, next]);
      }
    }
    expect(overlaps).toEqual([]);
    expect(byTrack.size).toBeGreaterThan(12);
    // Shares did need a second lane.
    expect(events.some((e) => e.ph === "M" && e.name === "thread_name" && /^GPU \d+ · 2$/.test(String(e.args?.name)))).toBe(true);
  });

  it("has one slice per GPU and attempt of every job, from jobs.csv's start to its end", () => {
    const jobSlices = new Map<string, TraceEvent[]>();
    for (const e of slices) if (e.cat === "job") jobSlices.set(e.name, [...(jobSlices.get(e.name) ?? []), e]);
    const rows = csv(join(traced.dir, "jobs.csv"));
    let checked = 0;
    let restarted = 0;
    for (const row of rows) {
      const list = jobSlices.get(row.id as string) ?? [];
      if (row.startS === "") {
        expect(list).toEqual([]);
        continue;
      }
      const gpus = Number(row.gpus);
      const attempts = Number(row.restarts) + 1;
      expect(list.length).toBe(gpus * attempts);
      const firstS = Math.min(...list.map((e) => e.ts)) / 1e6;
      const lastS = Math.max(...list.map((e) => e.ts + (e.dur ?? 0))) / 1e6;
      expect(firstS).toBeCloseTo(Number(row.startS), 5);
      expect(lastS).toBeCloseTo(row.endS === "" ? 3600 : Number(row.endS), 5);
      for (const e of list) expect(e.args).toMatchObject({ workload: row.workload, tenant: row.tenant, gpus });
      if (attempts > 1) restarted++;
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    // The node failure interrupted work, so some jobs have two attempts.
    expect(restarted).toBeGreaterThan(0);
  });

  it("shows each failure from failure to repair, and the failed-GPU counter", () => {
    const failures = slices.filter((e) => e.cat === "failure");
    const node = failures.filter((e) => e.name === "node rack0-node1 failed");
    expect(node.length).toBe(1);
    expect(node[0]?.ts).toBe(900e6);
    expect(node[0]?.dur).toBe(600e6);
    const gpu = failures.filter((e) => e.name === "gpu 0 failed");
    expect(gpu.map((e) => [e.ts, e.dur])).toEqual([[1600e6, 300e6]]);
    const counter = events.filter((e) => e.ph === "C").map((e) => [e.ts / 1e6, e.args?.gpus]);
    expect(counter).toEqual([
      [0, 0],
      [900, 4],
      [1500, 0],
      [1600, 1],
      [1900, 0],
    ]);
    // Nothing occupies a failed GPU while it is down: no other slice on GPU 0's lanes of node 0 overlaps its failure.
    const lanes = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.pid === gpu[0]?.pid && /^GPU 0( ·|$)/.test(String(e.args?.name))).map(key));
    const during = slices.filter((e) => lanes.has(key(e)) && e.cat !== "failure" && e.ts < 1900e6 && e.ts + (e.dur ?? 0) > 1600e6);
    expect(during).toEqual([]);
  });

  it("traces every batch iteration when under the budget: the summary's iterations less at most one in flight per replica", () => {
    const iterations = slices.filter((e) => e.cat === "iteration");
    const replicas = new Set(slices.filter((e) => e.cat === "replica").map((e) => e.name)).size;
    const total = traced.summary.requests?.iterations ?? 0;
    expect(trace.otherData.iterations.sampled).toBe(false);
    expect(trace.otherData.iterations.kept).toBe(iterations.length);
    expect(iterations.length).toBeLessThanOrEqual(total);
    expect(iterations.length).toBeGreaterThanOrEqual(total - replicas);
    expect(iterations.filter((e) => !["prefill", "decode", "mixed"].includes(e.name) || !(Number(e.args?.batch) > 0))).toEqual([]);
    expect(new Set(iterations.map((e) => e.name))).toEqual(new Set(["prefill", "decode", "mixed"]));
    // Iterations of one replica follow each other: each starts at or after the previous one's end (checked above), none before the replica was placed.
  });

  it("leaves every other output byte-identical to a run without the trace", async () => {
    const plain = await run(false);
    const files = readdirSync(plain.dir).filter((f) => f !== "summary.json");
    expect(readdirSync(traced.dir).sort()).toEqual(readdirSync(plain.dir).sort());
    for (const f of files) expect(readFileSync(join(traced.dir, f), "utf8"), f).toBe(readFileSync(join(plain.dir, f), "utf8"));
    const { run: _a, ...a } = traced.summary;
    const { run: _b, ...b } = plain.summary;
    expect(a).toEqual(b);
  });

  it("is identical for the same seed", async () => {
    const again = await run(true);
    expect(readFileSync(again.file, "utf8")).toBe(text);
  });
});

describe("sampling batch iterations to a budget", async () => {
  const budget = 100;
  const sampledRun = async (): Promise<TraceFile & { text: string }> => {
    const file = join(root, `sampled${runs++}.trace.json`);
    const sink = new TraceEventsFile(file, { maxIterationEvents: budget });
    const { simulate } = await import("../../src/sim/simulate.js");
    const { resolvePolicies } = await import("../../src/run/resolve-policies.js");
    const { discardRows } = await import("../../src/metrics/row-sink.js");
    const scenario = scenarioFrom(document);
    try {
      simulate(scenario, await resolvePolicies(scenario, "test.yaml", repoRoot), { jobs: discardRows, timeseries: discardRows, traceEvents: sink });
    } finally {
      sink.close();
    }
    const text = readFileSync(file, "utf8");
    return { ...(JSON.parse(text) as TraceFile), text };
  };
  const first = await sampledRun();
  const iterations = first.traceEvents.filter((e) => e.ph === "X" && e.cat === "iteration");

  it("keeps the count under the budget, at least half of it, and records the rule in the metadata", () => {
    const meta = first.otherData.iterations;
    expect(iterations.length).toBeLessThanOrEqual(budget);
    expect(iterations.length).toBeGreaterThanOrEqual(budget / 2);
    expect(meta).toMatchObject({ budget, kept: iterations.length, sampled: true });
    expect(meta.seen).toBeGreaterThan(budget * 4);
    // k doubles from 1, phases in time order.
    expect(meta.phases[0]).toEqual({ fromS: 0, keepEvery: 1 });
    for (let i = 1; i < meta.phases.length; i++) {
      const [prev, next] = [meta.phases[i - 1], meta.phases[i]] as [{ fromS: number; keepEvery: number }, { fromS: number; keepEvery: number }];
      expect(next.fromS).toBeGreaterThanOrEqual(prev.fromS);
      expect(next.keepEvery === 0 || next.keepEvery === 2 * prev.keepEvery).toBe(true);
    }
    // Perfetto shows the sampling as a label on the service.
    expect(first.traceEvents.some((e) => e.ph === "M" && e.name === "process_labels" && String(e.args?.labels).startsWith("iterations sampled"))).toBe(true);
    // Occupancy is never sampled.
    expect(first.traceEvents.filter((e) => e.cat === "job").length).toBeGreaterThan(20);
  });

  it("samples the same iterations every time", async () => {
    const second = await sampledRun();
    expect(second.text).toBe(first.text);
  });
});

describe("trace file", () => {
  it("asked for inside the run directory, lands there (not replaced with the directory)", async () => {
    const dir = join(root, "inside");
    const file = join(dir, "timeline", "trace.json");
    let reported = "";
    await runToDirectory(scenarioFrom({ ...document, workloads: document.workloads.slice(0, 1), failures: [] }), join(repoRoot, "test.yaml"), dir, {
      report: false,
      traceEventsFile: file,
      onTraceWritten: (t) => {
        reported = t.path;
      },
    });
    expect(reported).toBe(file);
    expect((JSON.parse(readFileSync(file, "utf8")) as TraceFile).traceEvents.some((e) => e.cat === "job")).toBe(true);
    expect(readdirSync(dir)).toContain("jobs.csv");
  });

  it("is valid JSON marked incomplete when the run stops early", () => {
    const file = join(root, "cut.trace.json");
    const sink = new TraceEventsFile(file);
    sink.write({ ph: "X", name: "a", ts: 0, dur: 1, pid: 1, tid: 1 });
    sink.close(true);
    const parsed = JSON.parse(readFileSync(file, "utf8")) as TraceFile;
    expect(parsed.traceEvents.length).toBe(1);
    expect(parsed.otherData.incomplete).toBe(true);
  });

  it("names the path and --trace-events when it cannot be written (bad input)", () => {
    const file = join(root, "no-such-dir", "t.json");
    expect(() => new TraceEventsFile(file)).toThrow(/cannot write the trace file \(ENOENT; give another --trace-events path\)/);
    try {
      new TraceEventsFile(file);
    } catch (error) {
      expect((error as { exitCode?: number }).exitCode).toBe(2);
    }
  });
});
