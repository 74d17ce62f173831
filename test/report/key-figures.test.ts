import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatRunSummary } from "../../src/cli/format-summary.js";
import { formatDurationS, formatPercent, formatSignificant } from "../../src/report/figure-format.js";
import { type KeyFigure, keyFigures } from "../../src/report/key-figures.js";
import { readRunData } from "../../src/report/run-data.js";
import { runStudy, type StudyRun, studies } from "./study-fixtures.js";

describe("report key figures: percentages", () => {
  it("show 4 significant digits: availability 0.99961 is 99.96 %, not 100.0 %", () => {
    expect(formatPercent(0.99961)).toBe("99.96 %");
    expect(formatPercent(0.732054016)).toBe("73.21 %");
    expect(formatPercent(0.5)).toBe("50.00 %");
    expect(formatPercent(0.00012345)).toBe("0.01234 %");
    expect(formatPercent(null)).toBe("–");
  });

  it("never round a value below 1 up to 100 % or a value above 0 down to 0 %", () => {
    expect(formatPercent(0.999996)).toBe("99.9996 %");
    expect(formatPercent(1)).toBe("100.0 %");
    expect(formatPercent(0)).toBe("0.000 %");
    expect(formatPercent(1e-7)).toBe("0.00001000 %");
  });

  it("the failures block of a bare summary carries the 4-digit availability", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-keyfig-"));
    const failures = { events: { gpu: 2 }, interruptions: 2, availability: 0.99961, goodput: 0.98765, lostGpuHours: 12.5, reexecutedGpuHours: 3, meanTimeToRecoveryS: 5400 };
    writeFileSync(join(dir, "summary.json"), JSON.stringify({ scenario: "avail", seed: 1, simulatedS: 3600, events: 10, failures }));
    const rows = keyFigures(await readRunData(dir));
    expect(value(rows, "Availability")).toBe("99.96 % of GPU time up (time-averaged)");
    expect(value(rows, "Goodput")).toBe("98.77 % of allocated GPU-hours did useful work");
    expect(value(rows, "MTTR")).toMatch(/^1\.5 h /);
    expect(value(rows, "Command line")).toBe("library");
    expect(rows.some((r) => r.section === "Jobs")).toBe(false);
  });
});

describe("figure formatting", () => {
  it("writes measured values with 4 significant digits and durations in readable units", () => {
    expect(formatSignificant(568.813546)).toBe("568.8");
    expect(formatSignificant(593797.777)).toBe("593,798");
    expect(formatSignificant(0.00212873527)).toBe("0.002129");
    expect(formatSignificant(1.2)).toBe("1.2");
    expect(formatDurationS(0.0515086278)).toBe("51.5 ms");
    expect(formatDurationS(0.000345)).toBe("345 µs");
    expect(formatDurationS(22035.9169)).toBe("6.12 h");
  });
});

/** The value of the row with `label` (the first one). */
function value(rows: readonly KeyFigure[], label: string): string | undefined {
  return rows.find((r) => r.label === label)?.value;
}

/** Sections of the key figures in order. */
function sections(rows: readonly KeyFigure[]): string[] {
  return [...new Set(rows.flatMap((r) => (r.section === undefined ? [] : [r.section])))];
}

/** Every block row appears in the terminal summary with the same value. */
function expectSameInTerminal(rows: readonly KeyFigure[], run: StudyRun): void {
  const text = formatRunSummary(run.summary, run.scenario, run.dir);
  for (const row of rows.filter((r) => r.section !== undefined)) {
    // Rows are indented under their block's title line.
    const line = text.split("\n").find((l) => l.startsWith(`  ${row.label} `));
    expect(line, row.label).toBeDefined();
    expect(line!.trim().slice(row.label.length).trim(), row.label).toBe(row.value);
  }
  for (const section of sections(rows)) expect(text.split("\n"), section).toContain(section);
}

describe("key figures per study", () => {
  const runs: Partial<Record<keyof typeof studies, { run: StudyRun; rows: KeyFigure[] }>> = {};
  beforeAll(async () => {
    for (const name of Object.keys(studies) as (keyof typeof studies)[]) {
      const run = await runStudy(studies[name], { command: `gpufleet run ${name}.yaml --seed 3`, report: false });
      runs[name] = { run, rows: keyFigures(await readRunData(run.dir)) };
    }
  }, 120_000);

  it("inference: requests block with TTFT/TPOT/E2E, SLO attainment, goodput and rejections from summary.json; no jobs block", () => {
    const { run, rows } = runs.inference!;
    const r = run.summary.requests!;
    expect(sections(rows)).toEqual(["GPUs", "Requests", "Network (busiest link classes)", "Energy and cost"].filter((s) => s !== "Network (busiest link classes)" || run.summary.network !== undefined));
    expect(value(rows, "TTFT")).toBe(`p50 ${formatDurationS(r.ttftS.p50)} · p99 ${formatDurationS(r.ttftS.p99)} · mean ${formatDurationS(r.ttftS.mean)}`);
    expect(value(rows, "TPOT")).toBe(`p50 ${formatDurationS(r.tpotS.p50)} · p99 ${formatDurationS(r.tpotS.p99)} · mean ${formatDurationS(r.tpotS.mean)}`);
    expect(value(rows, "End-to-end latency")).toContain(`p99 ${formatDurationS(r.e2eS.p99)}`);
    expect(value(rows, "SLO attainment")).toBe(`${formatPercent(r.sloAttainment)} of ended requests met their SLO`);
    expect(value(rows, "Goodput")).toContain(`${formatSignificant(r.goodputPerS)} requests/s met their SLO`);
    expect(value(rows, "Rejected")).toBe(`${r.rejected} (${formatPercent(r.rejected / r.submitted)} of submitted)`);
    expect(value(rows, "Service chat")).toContain(`SLO ${formatPercent(r.services.chat!.sloAttainment)} (TTFT ≤ 200 ms, TPOT ≤ 30 ms)`);
    expect(value(rows, "Service big")).toContain("(TTFT ≤ 2 s, TPOT ≤ 80 ms)");
    expect(r.ttftS.p99! / r.ttftS.p50!).toBeGreaterThan(1);
    expectSameInTerminal(rows, run);
  });

  it("failures: availability to 4 significant digits, goodput, lost and re-executed GPU-hours, MTTR", () => {
    const { run, rows } = runs.failures!;
    const f = run.summary.failures!;
    expect(sections(rows)).toEqual(["Jobs", "GPUs", "Failures", "Energy and cost"]);
    expect(f.availability).toBeLessThan(1);
    expect(value(rows, "Availability")).toBe(`${formatPercent(f.availability)} of GPU time up (time-averaged)`);
    expect(value(rows, "Availability")).toMatch(/^99\.\d\d+ %|^9\d\.\d\d %/);
    expect(value(rows, "Goodput")).toBe(`${formatPercent(f.goodput)} of allocated GPU-hours did useful work`);
    expect(value(rows, "Lost GPU-hours")).toBe(`${formatSignificant(f.lostGpuHours)} GPU-h of capacity down · ${formatSignificant(f.reexecutedGpuHours)} GPU-h of work re-executed`);
    expect(f.checkpointGpuHours).toBeGreaterThan(0);
    expect(value(rows, "Overheads")).toBe(`${formatSignificant(f.checkpointGpuHours)} GPU-h writing checkpoints · ${formatSignificant(f.restartGpuHours)} GPU-h restarting (not useful work either)`);
    expect(value(rows, "MTTR")).toBe(`${formatDurationS(f.meanTimeToRecoveryS)} mean time from failure to repair`);
    const events = Object.values(f.events).reduce((a, b) => a + b, 0);
    expect(value(rows, "Failures")).toMatch(new RegExp(`^${events} failure events .* · ${f.interruptions} job interruptions$`));
    expectSameInTerminal(rows, run);
  });

  it("tenants: share vs quota, borrowing, waits, Jain's index", () => {
    const { run, rows } = runs.tenants!;
    const t = run.summary.tenants!;
    expect(sections(rows)).toEqual(["Jobs", "GPUs", "Tenants", "Energy and cost"]);
    const research = t.byTenant.research!;
    expect(value(rows, "Tenant research")).toContain(`share ${formatPercent(research.share)}`);
    expect(value(rows, "Tenant research")).toContain("vs quota 24 GPUs (37.50 %) · may borrow");
    expect(value(rows, "Tenant research")).toContain(`wait p50 ${formatDurationS(research.waitS.p50)} · p99 ${formatDurationS(research.waitS.p99)}`);
    expect(value(rows, "Tenant product")).toContain("vs quota 32 GPUs (50.00 %) · no borrowing");
    const borrowed = research.share * 64 - 24;
    if (borrowed > 0) expect(value(rows, "Tenant research")).toContain(`${formatSignificant(borrowed)} GPUs above quota on average (borrowed)`);
    expect(value(rows, "Jain's index")).toMatch(new RegExp(`^${formatSignificant(t.jainFairness).replace(".", "\\.")} over fair-share ratios`));
    expectSameInTerminal(rows, run);
  });

  it("every report states the version, the scenario hash and the command line the run recorded", () => {
    const { run, rows } = runs.tenants!;
    const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
    expect(value(rows, "gpufleet version")).toBe(version);
    const sha = createHash("sha256").update(readFileSync(join(run.dir, "resolved-scenario.json"))).digest("hex");
    expect(value(rows, "Scenario hash")).toBe(`${sha.slice(0, 12)} (SHA-256 of resolved-scenario.json)`);
    expect(value(rows, "Command line")).toBe("gpufleet run tenants.yaml --seed 3");
    const summary = JSON.parse(readFileSync(join(run.dir, "summary.json"), "utf8")) as { run: { command?: string } };
    expect(summary.run.command).toBe("gpufleet run tenants.yaml --seed 3");
    expect(value(runs.failures!.rows, "Scenario hash")).not.toBe(value(rows, "Scenario hash"));
  });
});
