import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
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

  it("--out DIR writes plan.json and the chart; the table shows intervals and cost per month", () => {
    const out = join(mkdtempSync(join(tmpdir(), "gpufleet-plan-cli-")), "plan");
    const { code, stdout } = runCli(["plan", mmc, "--set", "workloads.0.count=2000", "--target", "jobs.probWait<=0.35", "--max", "16", "--seeds", "2", "--out", out]);
    expect(code).toBe(0);
    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as {
      answer: number;
      vary: string;
      seeds: number[];
      targets: { path: string }[];
      candidates: { value: number; meets: boolean; metrics: Record<string, { mean: number; ciLow: number; ciHigh: number }>; cost: { usdPerMonth: number } }[];
      run: { wallS: number };
    };
    expect(plan.vary).toBe("cluster.nodes.0.count");
    expect(plan.seeds).toEqual([7, 8]);
    expect(plan.answer).toBe(Math.min(...plan.candidates.filter((c) => c.meets).map((c) => c.value)));
    expect(stdout).toContain(`plan: smallest cluster.nodes.0.count meeting jobs.probWait<=0.35: ${plan.answer}`);
    const at = plan.candidates.find((c) => c.value === plan.answer);
    const shown = String(Number((at?.metrics["jobs.probWait"]?.mean ?? Number.NaN).toPrecision(4)));
    expect(stdout.split("\n").some((line) => line.startsWith(`${plan.answer} `) && line.includes(`${shown} [`))).toBe(true);
    expect(stdout).toContain("cost/month");
    expect(plan.run.wallS).toBeGreaterThan(0);
    expect(existsSync(join(out, "charts", "plan.svg"))).toBe(true);
    expect(existsSync(join(out, "charts", "plan.vl.json"))).toBe(true);
  });

  it("--compare-gpus with an unknown GPU, or --out on a directory gpufleet did not write, exits 2 before any run", () => {
    const bad = runCli(["plan", mmc, "--target", "jobs.probWait<=0.35", "--compare-gpus", "H100-SXM,H300"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--compare-gpus: unknown GPU model "H300" \(known: .*H100-SXM.*H200.*B200/);
    expect(bad.stderr).not.toContain("the targets");
    const foreign = mkdtempSync(join(tmpdir(), "gpufleet-plan-foreign-"));
    mkdirSync(join(foreign, "results"));
    const refused = runCli(["plan", mmc, "--target", "jobs.probWait<=0.35", "--out", join(foreign, "results")]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).not.toContain("the targets");
    const vary = runCli(["plan", mmc, "--target", "jobs.probWait<=0.35", "--vary", "workloads.0.count", "--compare-gpus", "H200"]);
    expect(vary.code).toBe(2);
    expect(vary.stderr).toContain("--compare-gpus needs --vary on a node group's count");
  });

  it("--compare-gpus prints one row per GPU type and the cheapest fleet", () => {
    const { code, stdout } = runCli(["plan", mmc, "--set", "workloads.0.count=2000", "--target", "jobs.probWait<=0.35", "--max", "16", "--compare-gpus", "H100-SXM,L4"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^gpu +answer +jobs\.probWait +cost\/month$/m);
    expect(stdout).toMatch(/^H100-SXM +\d+ /m);
    expect(stdout).toMatch(/^L4 +\d+ /m);
    // Run times are fixed in seconds here, so both need the same fleet and the cheaper GPU wins.
    expect(stdout).toMatch(/plan: cheapest fleet meeting jobs\.probWait<=0\.35: L4 with cluster\.nodes\.0\.count=\d+ \(\$[\d,]+\/month\)/);
  });
});
