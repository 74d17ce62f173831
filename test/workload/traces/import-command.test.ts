import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import yargs from "yargs";
import { importCommand } from "../../../src/cli/commands/import.js";
import { exitCodeFor } from "../../../src/cli/errors.js";
import { readOpenbPods } from "../../../src/workload/traces/openb-pods.js";
import { sampleNodes, samplePods } from "./openb-trace-dir.js";

/** Run `gpufleet import ...` in-process as main.ts would; returns the exit code and what was printed. */
async function runImport(args: string[]): Promise<{ code: number; stdout: string; error: string }> {
  let stdout = "";
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await yargs(args)
      .command(importCommand)
      .strict()
      .fail((msg, err) => {
        throw err ?? Object.assign(new Error(msg), { exitCode: 2 });
      })
      .parseAsync();
    return { code: 0, stdout, error: "" };
  } catch (error) {
    return { code: exitCodeFor(error), stdout, error: (error as Error).message };
  } finally {
    write.mockRestore();
  }
}

describe("gpufleet import openb", () => {
  it("converts the shipped sample to a scenario (exit 0)", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "import-")), "sub", "openb-sample.yaml");
    const result = await runImport(["import", "openb", "--nodes", sampleNodes, "--pods", samplePods, "--out", out]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain("16 nodes, 200 pods");
    const text = readFileSync(out, "utf8");
    expect(text.startsWith("# Imported by `gpufleet import openb`")).toBe(true);
    const doc = parse(text);
    expect(doc.name).toBe("openb-sample");
    expect(doc.experiment).toEqual({ mode: "fill", workloadRatio: 1.3 });
    expect(doc.scheduler.placement).toBe("fgd");
    const groups = doc.cluster.nodes as { count: number; gpusPerNode: number; gpu: string; cpuMilli: number; memoryMiB: number }[];
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(16);
    expect(groups.every((g) => g.cpuMilli > 0 && g.memoryMiB > 0)).toBe(true);
    const workload = doc.workloads[0];
    expect(workload).toMatchObject({ kind: "job-trace", name: "openb", trace: { format: "openb" } });
    // The trace path is relative to the scenario file and points at the pod list.
    expect(resolve(join(out, ".."), workload.trace.path)).toBe(resolve(samplePods));
    expect(readOpenbPods(resolve(join(out, ".."), workload.trace.path)).pods).toHaveLength(200);
  });

  it("a bad row is exit 2 with one line naming the line; --lenient skips and counts it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "import-"));
    const pods = join(dir, "pods.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(pods, `${readFileSync(samplePods, "utf8").trimEnd()}\nbad,1,1,2,300,,,,1,2,\n`);
    const out = join(dir, "s.yaml");
    const strict = await runImport(["import", "openb", "--nodes", sampleNodes, "--pods", pods, "--out", out]);
    expect(strict.code).toBe(2);
    expect(strict.error).toMatch(/pods\.csv: line 202: a GPU share below 1000/);
    expect(strict.error.split("\n")).toHaveLength(1);
    const lenient = await runImport(["import", "openb", "--nodes", sampleNodes, "--pods", pods, "--out", out, "--lenient", "--experiment", "replay"]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/200 pods \(skipped 0 node row\(s\) and 1 pod row\(s\); first: line 202/);
    const doc = parse(readFileSync(out, "utf8"));
    expect(doc.experiment).toBeUndefined();
    expect(doc.workloads[0].trace.lenient).toBe(true);
  });

  it("a missing file is exit 2", async () => {
    const result = await runImport(["import", "openb", "--nodes", "nope.csv", "--pods", samplePods, "--out", join(tmpdir(), "x.yaml")]);
    expect(result.code).toBe(2);
    expect(result.error).toMatch(/nope\.csv: file not found/);
  });
});
