import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";
import { runCli } from "./run-cli.js";

/** Erlang C probability of waiting for c servers and offered load a. */
function erlangC(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

const mmc = join(repoRoot, "scenarios", "mmc.yaml");

describe("gpufleet plan", () => {
  it("finds the smallest M/M/c that keeps P(wait) under a target, as Erlang C predicts", () => {
    let expected = 8;
    while (erlangC(expected, 7.2) > 0.35) expected++;
    const { code, stdout } = runCli(["plan", mmc, "--set", "workloads.0.count=20000", "--target", "jobs.probWait<=0.35", "--max", "32", "--quiet"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`plan: smallest cluster.nodes.0.count meeting jobs.probWait<=0.35: ${expected}`);
  });

  it("exits 1 when even the largest fleet misses the target, and 2 on a malformed target", () => {
    const miss = runCli(["plan", mmc, "--set", "workloads.0.count=2000", "--target", "jobs.waitS.mean<=0", "--max", "9", "--quiet"]);
    expect(miss.code).toBe(1);
    expect(miss.stderr).toMatch(/even cluster\.nodes\.0\.count=9 does not meet/);
    const bad = runCli(["plan", mmc, "--target", "jobs.waitS.mean<0.1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--target jobs\.waitS\.mean<0\.1: expected PATH<=VALUE/);
  });

  it("a target on a metric the scenario lacks exits 2 before any run (no plan: progress line)", () => {
    for (const target of ["requests.ttftS.p99<=0.5", "jobs.waitS.p98<=1"]) {
      const { code, stderr } = runCli(["plan", mmc, "--target", target, "--max", "32"]);
      expect(code).toBe(2);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toContain(`--target ${target}: ${target.split("<=")[0]} is not a metric of this scenario's summary.json`);
      expect(stderr).not.toContain("meets the targets");
    }
  });
});
