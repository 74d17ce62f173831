import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";
import { runCli } from "../cli/run-cli.js";

describe("a sweep of fill experiments", () => {
  it("runs each placement policy and draws unallocated GPU vs arrived workload per policy", () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-fillsweep-"));
    const file = join(dir, "fill.yaml");
    writeFileSync(file, `name: fill\nscenario: ${join(repoRoot, "scenarios", "openb-fill.yaml")}\npolicies:\n  placement: [fgd, random]\nseeds: 2\n`);
    const out = join(dir, "out");
    const { code, stderr } = runCli(["sweep", file, "--workers", "1", "--out", out]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const csv = readFileSync(join(out, "sweep.csv"), "utf8").trim().split("\n");
    expect(csv.length).toBe(1 + 4);
    const header = (csv[0] as string).split(",");
    const unallocated = header.indexOf("fill.unallocatedPctAt100");
    expect(unallocated).toBeGreaterThan(0);
    for (const line of csv.slice(1)) expect(Number((line as string).split(",")[unallocated])).toBeGreaterThanOrEqual(0);
    for (const chart of ["fill-unallocated.svg", "fill-fragmentation.svg"]) expect(existsSync(join(out, "charts", chart))).toBe(true);
    expect(readFileSync(join(out, "charts", "fill-unallocated.svg"), "utf8")).toContain("fgd");
  });
});
