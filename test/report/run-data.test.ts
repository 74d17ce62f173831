import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ScenarioError } from "../../src/messages.js";
import { cdfPoints, MAX_CDF_POINTS } from "../../src/report/downsample.js";
import { readRunData } from "../../src/report/run-data.js";
import { readTimeseries, SeriesReducer } from "../../src/report/timeseries-data.js";
import { EVIL, makeRun } from "./report-fixture.js";

let runDir: string;
beforeAll(async () => {
  runDir = await makeRun();
});

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "gpufleet-rundata-"));
}

describe("readRunData", () => {
  it("reads a real run: summary, scenario, jobs per workload, time series", async () => {
    const data = await readRunData(runDir);
    expect(data.summary.scenario).toBe("evil-run");
    expect(data.scenario.description).toBe(EVIL.description);
    expect(data.scenario.warmupS).toBe(100);
    expect(data.scenario.gpusByModel).toEqual([["H100-SXM", 8]]);
    const jobs = data.jobs!;
    expect(jobs.rows).toBe(data.summary.jobs!.submitted);
    expect(jobs.workloads.map((w) => w.name)).toEqual([EVIL.workload, EVIL.workload2]);
    const completedAfterWarmup = jobs.workloads.reduce((n, w) => n + w.waitS.length, 0);
    expect(completedAfterWarmup).toBe(data.summary.jobs!.waitS.count);
    for (const w of jobs.workloads) for (let i = 1; i < w.jctS.length; i++) expect(w.jctS[i]!).toBeGreaterThanOrEqual(w.jctS[i - 1]!);
    expect(new Set(jobs.usage!.map((u) => u.tenant))).toEqual(new Set([EVIL.tenant, EVIL.tenant2]));
    const ts = data.timeseries!;
    expect(ts.columns).toEqual(expect.arrayContaining(["allocatedGpus", "queuedJobs", "runningJobs"]));
    expect(ts.timeS.length).toBeGreaterThan(0);
    expect(Math.max(...ts.values.get("allocatedGpus")!)).toBeLessThanOrEqual(8);
  });

  it("GPU-hours add up to the time-averaged allocation", async () => {
    const data = await readRunData(runDir);
    const gpuHours = data.jobs!.usage!.reduce((n, u) => n + u.gpuHours, 0);
    const expected = (data.summary.gpus!.allocatedFraction! * data.summary.gpus!.total * data.summary.simulatedS) / 3600;
    expect(gpuHours).toBeCloseTo(expected, 1);
  });

  it("a missing directory is a one-line ScenarioError", async () => {
    const missing = join(scratch(), "nope");
    await expect(readRunData(missing)).rejects.toThrow(ScenarioError);
    await expect(readRunData(missing)).rejects.toThrow(/nope: directory not found/);
  });

  it("a directory without summary.json is not a run directory", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "notes.txt"), "hello");
    await expect(readRunData(dir)).rejects.toThrow(/not a gpufleet run directory \(no summary\.json/);
  });

  it("a broken summary.json or CSV names the file", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "summary.json"), "{ not json");
    await expect(readRunData(dir)).rejects.toThrow(/summary\.json: not a valid gpufleet run file \(JSON syntax error/);
    writeFileSync(join(dir, "summary.json"), JSON.stringify({ scenario: "x" }));
    await expect(readRunData(dir)).rejects.toThrow(/summary\.json: .*seed/);
    writeFileSync(join(dir, "summary.json"), JSON.stringify({ scenario: "x", seed: 1, simulatedS: 10 }));
    writeFileSync(join(dir, "jobs.csv"), 'id,workload,status\na,b,completed\nc,"d\n');
    await expect(readRunData(dir)).rejects.toThrow(ScenarioError);
    await expect(readRunData(dir)).rejects.toThrow(/jobs\.csv: cannot read the CSV file/);
  });

  it("optional files and columns may be absent", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "summary.json"), JSON.stringify({ scenario: "bare", seed: 1, simulatedS: 10 }));
    writeFileSync(join(dir, "jobs.csv"), "id,workload,status\na,007,completed\nb,007,rejected\n");
    const data = await readRunData(dir);
    expect(data.scenario.name).toBe("bare");
    expect(data.timeseries).toBeNull();
    expect(data.jobs!.workloads.map((w) => [w.name, w.waitS.length, [...w.statusCounts]])).toEqual([["007", 0, [["completed", 1], ["rejected", 1]]]]);
    expect(data.jobs!.usage).toBeNull();
  });

  it("a directory path that is a file is reported as not found", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "file"), "x");
    await expect(readRunData(join(dir, "file"))).rejects.toThrow(/directory not found/);
  });
});

describe("down-sampling", () => {
  it("a CDF of a million values keeps at most MAX_CDF_POINTS points, the exact minimum and maximum", () => {
    const n = 1_000_000;
    const sorted = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : i)).sort();
    const points = cdfPoints(sorted);
    expect(points.length).toBeLessThanOrEqual(MAX_CDF_POINTS + 1);
    expect(points[0]).toEqual({ value: 0, fraction: 0 });
    expect(points[1]).toEqual({ value: 0, fraction: 0.5 });
    expect(points[points.length - 1]).toEqual({ value: n - 1, fraction: 1 });
    for (let i = 1; i < points.length; i++) expect(points[i]!.fraction).toBeGreaterThanOrEqual(points[i - 1]!.fraction);
  });

  it("a long time series is averaged into at most 2000 points of equal width", () => {
    const reducer = new SeriesReducer(1, 2000);
    for (let i = 0; i < 100_000; i++) reducer.add(i, [i % 2]);
    const { timeS, means } = reducer.result();
    expect(timeS.length).toBeLessThanOrEqual(2000);
    expect(timeS.length).toBeGreaterThan(1000);
    expect(means[0]!.slice(0, -1).every((m) => m === 0.5)).toBe(true);
    expect(timeS[1]! - timeS[0]!).toBe(reducer.samplesPerPoint);
  });

  it("reads a 300k-row timeseries.csv into a bounded series, leaving text columns out", async () => {
    const dir = scratch();
    const rows = ["timeS,allocatedGpus,queuedJobs,runningJobs,topLink"];
    for (let i = 0; i < 300_000; i++) rows.push(`${i * 10},${i % 64},${i % 7},${i % 5},spine-${i % 3}`);
    writeFileSync(join(dir, "timeseries.csv"), `${rows.join("\n")}\n`);
    const ts = await readTimeseries(join(dir, "timeseries.csv"));
    expect(ts.rows).toBe(300_000);
    expect(ts.columns).toEqual(["allocatedGpus", "queuedJobs", "runningJobs"]);
    expect(ts.timeS.length).toBeLessThanOrEqual(2000);
    expect(ts.values.get("allocatedGpus")![0]).toBeCloseTo(31.5, 6);
  });
});
