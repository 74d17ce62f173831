import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../../src/messages.js";
import { parseTraceDateTime, readAzureLlmTrace, readTokenTrace } from "../../../src/workload/traces/azure-llm.js";
import { azureLlmSample } from "../../../src/workload/traces/azure-llm-sample.js";
import { repoRoot } from "../../helpers.js";
import { runFleet, serviceSpec } from "../../inference/harness.js";

const realDir = join(repoRoot, "..", "shared", "traces", "azure-llm-2023");
const files = { code: join(realDir, "AzureLLMInferenceTrace_code.csv"), conv: join(realDir, "AzureLLMInferenceTrace_conv.csv") };
const haveReal = existsSync(files.code) && existsSync(files.conv);

function tempFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "gpufleet-azure-")), "trace.csv");
  writeFileSync(file, text);
  return file;
}

describe.skipIf(!haveReal)(`Azure LLM inference 2023 (real files in ${realDir})`, () => {
  it.each([
    ["code", 8819],
    ["conv", 19366],
  ] as const)("reads every row of the %s trace", (kind, rows) => {
    const trace = readAzureLlmTrace(files[kind]);
    expect(trace.arrivalS.length).toBe(rows);
    expect(trace.skipped).toBe(0);
    expect(trace.arrivalS[0]).toBe(0);
    for (let i = 1; i < trace.arrivalS.length; i++) expect(trace.arrivalS[i]).toBeGreaterThanOrEqual(trace.arrivalS[i - 1] as number);
    // About an hour of requests.
    expect(trace.arrivalS[rows - 1]).toBeGreaterThan(3000);
    expect(trace.arrivalS[rows - 1]).toBeLessThan(4000);
  });

  it("replays the code trace through a fleet", () => {
    const run = runFleet([serviceSpec({ arrival: { trace: files.code, format: "azure-llm", timeScale: 1, lenient: false, limit: 2000 }, replicas: { count: 2, tensorParallel: 1 } })], [{ count: 2, gpu: "H100-SXM", gpusPerNode: 1 }]);
    expect(run.rows).toHaveLength(2000);
    expect(run.summary.completed + run.summary.rejected).toBe(2000);
    expect(run.summary.promptTokensPerS).toBeGreaterThan(0);
  });
});
if (!haveReal) it.skip(`real Azure traces absent from ${realDir}`, () => {});

describe("token trace parsing", () => {
  it("parses the Azure timestamps to the microsecond", () => {
    const a = parseTraceDateTime("2023-11-16 18:17:03.9799600", "TIMESTAMP") as number;
    const b = parseTraceDateTime("2023-11-16 18:17:04.0319600", "TIMESTAMP") as number;
    expect(b - a).toBeCloseTo(0.052, 6);
    expect(parseTraceDateTime("yesterday", "TIMESTAMP")).toMatch(/TIMESTAMP must be a date-time/);
  });

  it("names the line of a bad row, or skips it when lenient", () => {
    const file = tempFile("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00.0,10,5\n2023-11-16 18:00:01.0,ten,5\n2023-11-16 18:00:02.0,10,-1\n2023-11-16 18:00:03.0,10,5\n");
    expect(() => readAzureLlmTrace(file)).toThrow(ScenarioError);
    expect(() => readAzureLlmTrace(file)).toThrow(/line 3: ContextTokens must be a whole number/);
    const lenient = readAzureLlmTrace(file, { lenient: true });
    expect(lenient.arrivalS.length).toBe(2);
    expect(lenient.skipped).toBe(2);
    expect(lenient.firstSkipped).toMatch(/^line 3:/);
    expect(Array.from(lenient.arrivalS)).toEqual([0, 3]);
  });

  it("rejects a file without the columns, and a missing file", () => {
    expect(() => readAzureLlmTrace(tempFile("time,prompt\n1,2\n"))).toThrow(/line 1: missing column/);
    expect(() => readAzureLlmTrace(join(tmpdir(), "no-such-trace.csv"))).toThrow(/file not found/);
  });

  it("maps generic CSV columns, sorts by time and scales gaps", () => {
    const file = tempFile("ms,in,out\n3000,7,1\n1000,5,2\n");
    const trace = readTokenTrace(file, { time: "ms", promptTokens: "in", outputTokens: "out", timeUnit: "ms" }, { timeScale: 0.5 });
    expect(Array.from(trace.arrivalS)).toEqual([0, 1]);
    expect(Array.from(trace.promptTokens)).toEqual([5, 7]);
  });
});

/** The shipped sample is generated (made-up rows); regenerate on purpose with UPDATE_SAMPLES=1. */
describe("shipped Azure-format sample", () => {
  const file = join(repoRoot, "scenarios", "traces", "azure-llm-sample.csv");
  const text = azureLlmSample();
  it("scenarios/traces/azure-llm-sample.csv matches its generator", () => {
    if (process.env.UPDATE_SAMPLES === "1" || !existsSync(file)) {
      if (process.env.CI) throw new Error(`${file} is missing; generate it locally with UPDATE_SAMPLES=1`);
      writeFileSync(file, text);
    }
    expect(readFileSync(file, "utf8")).toBe(text);
    expect(readAzureLlmTrace(file).arrivalS.length).toBe(400);
  });
});
