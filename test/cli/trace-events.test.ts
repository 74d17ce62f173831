import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "gpufleet-trace-cli-"));
const scenario = join(dir, "s.yaml");
writeFileSync(
  scenario,
  `name: tiny
seed: 1
horizon: { durationS: 600 }
cluster:
  nodes: [{ count: 1, gpu: H100-SXM, gpusPerNode: 2 }]
workloads:
  - kind: jobs
    name: batch
    count: 20
    arrival: { process: poisson, ratePerS: 0.1 }
    durationS: { dist: exponential, mean: 30 }
`,
);

describe("gpufleet run --trace-events", () => {
  it("writes the trace and says on stderr what it holds", () => {
    const file = join(dir, "t.json");
    const result = runCli(["run", scenario, "--out", join(dir, "out"), "--no-report", "--trace-events", file]);
    expect(result.code, result.stderr).toBe(0);
    const trace = JSON.parse(readFileSync(file, "utf8")) as { traceEvents: { ph: string; cat?: string }[] };
    expect(trace.traceEvents.filter((e) => e.ph === "X" && e.cat === "job").length).toBeGreaterThan(10);
    expect(result.stderr).toContain(`trace: ${file} (${trace.traceEvents.length.toLocaleString("en-US")} events`);
  });

  it("is bad input with --seeds N > 1 (one run per trace)", () => {
    const file = join(dir, "seeds.json");
    const result = runCli(["run", scenario, "--out", join(dir, "seeds"), "--seeds", "2", "--trace-events", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --trace-events writes the timeline of one simulation run; --seeds 2 runs 2; trace one of them with --seed N/);
    expect(existsSync(file)).toBe(false);
  });

  it("is bad input when the file cannot be written", () => {
    const file = join(dir, "missing", "t.json");
    const result = runCli(["run", scenario, "--out", join(dir, "bad"), "--trace-events", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot write the trace file (ENOENT; give another --trace-events path)");
  });
});
