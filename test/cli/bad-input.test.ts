import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";

const cli = join(repoRoot, "dist", "cli", "main.js");
const dir = mkdtempSync(join(tmpdir(), "gpufleet-bad-"));

const good = `name: ok
cluster:
  nodes: [{ count: 2, gpu: H100-SXM, gpusPerNode: 8 }]
workloads:
  - kind: jobs
    name: batch
    count: 10
    arrival: { process: poisson, ratePerS: 1 }
    durationS: { dist: exponential, mean: 10 }
`;

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function run(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: dir });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout };
}

// Each case: CLI arguments and fragments the single error line must contain.
const cases: [string, () => string[], string[]][] = [
  ["unknown queue policy", () => ["validate", file("q.yaml", `${good}scheduler: { queue: lifo }\n`)], ["q.yaml", "scheduler.queue", "unknown queue policy", '"fifo"']],
  ["unknown placement policy", () => ["validate", file("p.yaml", `${good}scheduler: { placement: tetris }\n`)], ["scheduler.placement", '"best-fit"']],
  ["unknown GPU", () => ["validate", file("g.yaml", good.replace("H100-SXM", "H900"))], ["cluster.nodes.0.gpu", "H900", '"H100-SXM"']],
  ["negative rate", () => ["validate", file("r.yaml", good.replace("ratePerS: 1", "ratePerS: -3"))], ["workloads.0.arrival.ratePerS", "> 0", "-3"]],
  ["negative mean", () => ["validate", file("m.yaml", good.replace("mean: 10", "mean: -10"))], ["workloads.0.durationS.mean", "> 0"]],
  ["missing file", () => ["run", join(dir, "nope.yaml")], ["nope.yaml", "file not found"]],
  ["empty file", () => ["validate", file("empty.yaml", "\n  \n")], ["empty.yaml", "empty"]],
  ["YAML syntax error", () => ["validate", file("syntax.yaml", "name: x\ncluster: { nodes: [\n")], ["syntax.yaml", "line", "YAML syntax error"]],
  ["binary garbage", () => ["validate", file("bin.yaml", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff, 0xfe]))], ["bin.yaml", "not text"]],
  ["wrong type", () => ["validate", file("t.yaml", good.replace("count: 2", "count: two"))], ["cluster.nodes.0.count", "expected number", '"two"']],
  ["unknown field", () => ["validate", file("u.yaml", `${good}colour: blue\n`)], ["u.yaml", "colour", "unknown field", "allowed here"]],
  ["unknown nested field", () => ["validate", file("un.yaml", good.replace("count: 10", "count: 10\n    gpuz: 2"))], ["workloads.0.gpuz", "unknown field"]],
  ["--set to a missing path", () => ["validate", file("s1.yaml", good), "--set", "cluster.racks=3"], ["--set cluster.racks=3", "unknown field", "nodes"]],
  ["--set with a wrong type", () => ["validate", file("s2.yaml", good), "--set", "workloads.0.count=many"], ["--set workloads.0.count=many", "workloads.0.count", "expected number"]],
  ["--set past a list's end", () => ["validate", file("s3.yaml", good), "--set", "workloads.3.count=1"], ["--set workloads.3.count=1", "list of 1"]],
  ["--set without =", () => ["validate", file("s4.yaml", good), "--set", "seed"], ["--set seed", "PATH=VALUE"]],
  ["unknown command", () => ["frobnicate"], ["frobnicate"]],
  ["unknown option", () => ["run", file("o.yaml", good), "--fast"], ["fast"]],
  ["top level is a list", () => ["validate", file("list.yaml", "- a\n- b\n")], ["list.yaml", "expected a mapping"]],
  ["JSON syntax error", () => ["validate", file("bad.json", '{"name": "x",')], ["bad.json", "JSON syntax error"]],
  ["unknown distribution", () => ["validate", file("d.yaml", good.replace("dist: exponential", "dist: pareto"))], ["workloads.0.durationS.dist", "pareto", '"lognormal"']],
  ["lognormal with half its parameters", () => ["validate", file("ln.yaml", good.replace("{ dist: exponential, mean: 10 }", "{ dist: lognormal, mean: 10 }"))], ["workloads.0.durationS", "mean and cv"]],
  ["no way to stop", () => ["validate", file("inf.yaml", good.replace("    count: 10\n", ""))], ["horizon", "never end"]],
  ["missing required field", () => ["validate", file("req.yaml", good.replace("    durationS: { dist: exponential, mean: 10 }\n", ""))], ["workloads.0.durationS", "give exactly one of durationS", "work"]],
  ["plug-in policy that does not exist", () => ["run", file("plug.yaml", `${good}scheduler: { placement: ./no-such-policy.js }\n`)], ["scheduler.placement", "cannot load policy module"]],
];

describe("bad input: exit code 2 and one clear line, no stack trace", () => {
  it.each(cases)("%s", (_name, args, fragments) => {
    const { code, stderr } = run(args());
    expect(code).toBe(2);
    const lines = stderr.trim().split("\n");
    expect(lines.length).toBe(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    for (const fragment of fragments) expect(stderr).toContain(fragment);
  });

  it("a valid scenario validates with exit code 0", () => {
    const { code, stdout } = run(["validate", file("good.yaml", good)]);
    expect(code).toBe(0);
    expect(stdout).toContain("valid");
  });
});
