/**
 * Issue 12, input safety: every case once crashed (exit 3), hung, ran code from a scenario, deleted
 * files or printed file content. Each runs through the CLI's own code path, in-process.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../../src/cli/in-process.js";
import { limits } from "../../src/scenario/limits.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "gpufleet-safety-"));

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

const inference = `name: inf
horizon: { durationS: 60 }
cluster:
  nodes: [{ count: 1, gpu: H100-SXM, gpusPerNode: 8 }]
workloads:
  - kind: inference
    name: chat
    model: llama-3-8b
    gpu: H100-SXM
    arrival: { process: poisson, ratePerS: 2 }
`;

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Expect exit 2 with exactly one line on stderr, no stack trace, holding every fragment. */
async function badInput(args: string[], fragments: string[]): Promise<string> {
  const { code, stderr } = await runCliInProcess(args);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr.trim().split("\n")).toHaveLength(1);
  expect(code).toBe(2);
  for (const f of fragments) expect(stderr).toContain(f);
  return stderr;
}

const topology = (racks: string) => `name: topo
cluster:
  topology:
    regions:
      - name: r0
        racks: ${racks}
workloads:
  - { kind: jobs, name: w, count: 2, arrival: { process: poisson, ratePerS: 1 }, durationS: 1 }
`;

describe("a scenario file runs no code unless the command line allows it", () => {
  const marker = join(dir, "module-ran.txt");
  const module = file("evil.mjs", `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "x");\nexport default { name: "e", description: "e", place: () => null };\n`);
  const scenario = file("mod.yaml", `${good}scheduler: { placement: ./evil.mjs }\n`);

  it.each(["run", "validate"])("%s refuses the module with exit 2 and says how to allow it; its top-level code never runs", async (command) => {
    await badInput([command, scenario, ...(command === "run" ? ["--out", join(dir, "mod-out")] : [])], ["scheduler.placement", "--allow-module"]);
    expect(existsSync(marker)).toBe(false);
  });

  it("plan refuses it too, before any run", async () => {
    await badInput(["plan", scenario, "--target", "jobs.probWait<=0.5", "--max", "2"], ["--allow-module"]);
    expect(existsSync(marker)).toBe(false);
  });

  it("--allow-module PATH lets it load", async () => {
    const { code } = await runCliInProcess(["validate", scenario, "--allow-module", module]);
    expect(code).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  it("--allow-module of a file that does not exist is bad input", async () => {
    await badInput(["validate", file("plain.yaml", good), "--allow-module", join(dir, "nope.mjs")], ["--allow-module", "not found"]);
  });
});

describe("--out replaces only a directory gpufleet wrote", () => {
  it("refuses a directory that merely holds a summary.json; the user's files stay", async () => {
    const out = join(dir, "users-dir");
    mkdirSync(join(out, "src"), { recursive: true });
    writeFileSync(join(out, "summary.json"), "{}");
    writeFileSync(join(out, "notes.txt"), "mine");
    await badInput(["run", file("o.yaml", good), "--out", out, "--quiet"], ["not a gpufleet run directory", ".gpufleet-run"]);
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(existsSync(join(out, "src"))).toBe(true);
  });

  it("replaces its own run directory, which gets the umask's permissions (not mkdtemp's 0700)", () => {
    const out = join(dir, "own-run");
    // A child process: the report's chart rendering is exercised as users run it.
    for (let i = 0; i < 2; i++) expect(runCli(["run", file("o2.yaml", good), "--out", out, "--quiet"]).code).toBe(0);
    const umask = process.umask();
    expect(statSync(out).mode & 0o777).toBe(0o777 & ~umask);
    expect(existsSync(join(out, ".gpufleet-run"))).toBe(true);
  });

  it.each([
    ["under a regular file", () => join(file("plainfile", "x"), "sub"), "a parent of it is a regular file"],
    ["in /proc", () => "/proc/gpufleet-out", "cannot write the output directory"],
    ["with a 300-character name", () => join(dir, "a".repeat(300)), "too long"],
  ])("--out %s is bad input", async (_what, out, fragment) => {
    await badInput(["run", file("o3.yaml", good), "--out", out(), "--quiet"], [fragment]);
  });

  it("import openb --out under a regular file or with a 300-character name is bad input", async () => {
    const nodes = file("nodes.csv", "sn,cpu_milli,memory_mib,gpu,model\nn0,96000,786432,8,V100M32\n");
    const pods = file("pods.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,1024,1,1000\n");
    await badInput(["import", "openb", "--nodes", nodes, "--pods", pods, "--out", join(file("plain2", "x"), "s.yaml")], ["cannot write the file"]);
    await badInput(["import", "openb", "--nodes", nodes, "--pods", pods, "--out", join(dir, `${"b".repeat(300)}.yaml`)], ["cannot write the file"]);
  });
});

describe("input that used to hang or exhaust memory is refused with a named limit or reason", () => {
  it.each([
    ["gamma arrivals with cv 1e9", () => good.replace("process: poisson, ratePerS: 1", "process: gamma, ratePerS: 1, cv: 1e9"), ["workloads.0.arrival.cv", "<= 10"]],
    ["failures with zero time to failure and repair", () => `${good}failures:\n  - { target: gpu, timeToFailureS: 0, repairS: 0 }\n`, ["failures.0.timeToFailureS", "mean time to failure"]],
    ["10^9 nodes", () => good.replace("count: 2,", "count: 1e9,"), ["cluster.nodes.0.count", "limit of 200,000"]],
    ["a rack count of 2^31", () => topology(`[{ name: k, count: ${2 ** 31}, nodes: [{ count: 1, gpu: L4, gpusPerNode: 1 }] }]`), ["racks.0.count", "limit"]],
    ["a rack count of 2^32", () => topology(`[{ name: k, count: ${2 ** 32}, nodes: [{ count: 1, gpu: L4, gpusPerNode: 1 }] }]`), ["racks.0.count", "limit"]],
    ["10^12 expected arrivals", () => `${good.replace("    count: 10\n", "")}horizon: { durationS: 1e12 }\n`, ["workloads.0.arrival.ratePerS", "expected arrivals"]],
    // 10^7 arrivals at the base rate (under the limit), 10^10 once the rate grows 11-fold a month for 116 days.
    [
      "10^10 expected arrivals under growth",
      () => `${good.replace("    count: 10\n", "").replace("ratePerS: 1 }", "ratePerS: 1, growth: { perMonth: 10 } }")}horizon: { durationS: 1e7 }\n`,
      ["workloads.0.arrival.ratePerS", "grown by growth"],
    ],
  ])("%s", async (_what, text, fragments) => {
    await badInput(["validate", file("hang.yaml", text())], fragments);
  });

  it("a trace path of /dev/zero is not read", async () => {
    await badInput(["validate", file("zero.yaml", `${good}  - kind: job-trace\n    name: t\n    trace: { path: /dev/zero }\n`)], ["/dev/zero", "not a regular file"]);
  });

  it("a scenario file over the size limit is refused before parsing", async () => {
    const big = file("big.yaml", `${good}description: "${"x".repeat(limits.scenarioFileBytes)}"\n`);
    await badInput(["validate", big], ["scenarioFileBytes", "limit"]);
  });

  it("more workloads than the limit are refused before validating them", async () => {
    const one = "  - { kind: jobs, name: w, count: 1, arrival: { process: poisson, ratePerS: 1 }, durationS: 1 }\n";
    await badInput(["validate", file("many.yaml", `${good}${one.repeat(limits.workloads)}`)], ["workloads", "limit of 1,000"]);
  });
});

describe("bad input that crashed with a stack trace is exit 2 with one line", () => {
  it("a YAML alias bomb", async () => {
    const levels = ["a: &a [x,x,x,x,x,x,x,x,x]"];
    for (let i = 1; i < 8; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(",")}]`);
    await badInput(["validate", file("bomb.yaml", `${levels.join("\n")}\n`)], ["alias"]);
  });

  it.each([
    ["lognormal cv 1e308", () => good.replace("{ dist: exponential, mean: 10 }", "{ dist: lognormal, mean: 10, cv: 1e308 }"), "workloads.0.durationS.cv"],
    ["checkpoint intervalS 5e-324", () => good.replace("    count: 10\n", "    count: 10\n    checkpoint: { intervalS: 5e-324 }\n"), "workloads.0.checkpoint.intervalS"],
  ])("%s", async (_what, text, fragment) => {
    await badInput(["run", file("nan.yaml", text()), "--out", join(dir, "nan-out"), "--quiet"], [fragment]);
  });

  it.each(["__proto__.x=1", "constructor.prototype.x=1", "toString=1", "workloads.0.__proto__.polluted=1"])("--set %s", async (expr) => {
    await badInput(["validate", file("proto.yaml", good), "--set", expr], [`--set ${expr}`]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("trace files never leak their content into messages", () => {
  const secret = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";
  it("a csv trace that is really a private key: the error quotes at most a short escaped excerpt", async () => {
    const key = file("id_rsa", `-----BEGIN PRIVATE KEY-----\n${secret}\n-----END PRIVATE KEY-----\n`);
    const scenario = inference.replace("arrival: { process: poisson, ratePerS: 2 }", `arrival: { trace: ${key}, format: csv, columns: { time: "-----BEGIN PRIVATE KEY-----", promptTokens: "-----BEGIN PRIVATE KEY-----", outputTokens: "-----BEGIN PRIVATE KEY-----" } }`);
    const stderr = await badInput(["validate", file("leak.yaml", scenario)], ["id_rsa", "line 2"]);
    expect(stderr).not.toContain(secret);
    expect(stderr).not.toContain(secret.slice(0, 30));
  });

  it("import openb quotes a file name with a newline in the YAML it writes", async () => {
    const nodes = file("nodes2.csv", "sn,cpu_milli,memory_mib,gpu,model\nn0,96000,786432,8,V100M32\n");
    const pods = file("p\ninjected: true\n.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,1024,1,1000\n");
    const out = join(dir, "imported.yaml");
    expect((await runCliInProcess(["import", "openb", "--nodes", nodes, "--pods", pods, "--out", out])).code).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).not.toMatch(/^injected:/m);
    const { code } = await runCliInProcess(["validate", out]);
    expect(code).toBe(0);
  });
});

describe("--set reaches every field validate --print shows", () => {
  const printed = async (base: string, sets: string[]) => {
    const { code, stdout, stderr } = await runCliInProcess(["validate", base, "--print", ...sets.flatMap((s) => ["--set", s])]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    return JSON.parse(stdout);
  };

  it("inside distributions and failure processes", async () => {
    const base = file("reach.yaml", `${good}failures:\n  - { target: gpu, timeToFailureS: { dist: exponential, mean: 1e6 }, repairS: 60 }\n`);
    const s = await printed(base, ["workloads.0.durationS.mean=100", "failures.0.timeToFailureS.mean=1e7"]);
    expect(s.workloads[0].durationS.mean).toBe(100);
    expect(s.failures[0].timeToFailureS.mean).toBe(1e7);
  });

  it("inside unions (an inference arrival, a trace's timeScale) and records (prices)", async () => {
    const s = await printed(file("reach2.yaml", inference), ["workloads.0.arrival.ratePerS=7.5", "prices.H100-SXM=2.5"]);
    expect(s.workloads[0].arrival.ratePerS).toBe(7.5);
    expect(s.prices["H100-SXM"]).toBe(2.5);
    const trace = file("azure.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,100,10\n2023-11-16 18:17:04.5,200,20\n");
    const t = await printed(file("reach3.yaml", inference.replace("arrival: { process: poisson, ratePerS: 2 }", `arrival: { trace: ${trace} }`)), ["workloads.0.arrival.timeScale=0.5"]);
    expect(t.workloads[0].arrival.timeScale).toBe(0.5);
  });
});

describe("validate rejects scenarios that cannot run", () => {
  const jobTrace = (path: string) => `${good}  - kind: job-trace\n    name: t\n    trace: { path: ${path} }\n`;
  it.each([
    ["a missing trace file", () => jobTrace(join(dir, "no-such.csv")), ["workloads.1.trace.path", "not found"]],
    ["an empty trace file", () => jobTrace(file("empty.csv", "")), ["workloads.1.trace.path", "empty"]],
    ["a malformed trace file", () => jobTrace(file("bad.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,abc,1,1,1000\n")), ["bad.csv", "line 2", "cpu_milli"]],
    ["a missing policy module", () => `${good}scheduler: { queue: ./no-such-queue.mjs }\n`, ["scheduler.queue", "file not found"]],
    ["a failure id that does not exist", () => `${good}failures:\n  - { at: 10, target: node, id: rack9-node9, repairS: 5 }\n`, ["failures.0.id", "rack9-node9"]],
    ["duplicate rack names", () => topology(`[{ name: k, nodes: [{ count: 1, gpu: L4, gpusPerNode: 1 }] }, { name: k, nodes: [{ count: 1, gpu: L4, gpusPerNode: 1 }] }]`), ["racks.1.name", "already used"]],
    ["a job larger than the fleet", () => good.replace("    count: 10\n", "    count: 10\n    gpus: 17\n"), ["workloads.0.gpus", "17 GPUs", "16"]],
  ])("%s", async (_what, text, fragments) => {
    await badInput(["validate", file("cannot.yaml", text())], fragments);
    await badInput(["run", file("cannot.yaml", text()), "--out", join(dir, "cannot-out"), "--quiet"], fragments.slice(0, 1));
  });
});

describe("error messages say what is wrong and what was meant", () => {
  it.each([
    ["duration", "durationS"],
    ["priorty", "priority"],
  ])("a misspelled job field %s suggests %s and lists the allowed fields", async (typo, meant) => {
    await badInput(["validate", file("typo.yaml", good.replace("    count: 10\n", `    count: 10\n    ${typo}: 3\n`))], [`workloads.0.${typo}`, "allowed here: kind, name", `did you mean "${meant}"?`]);
  });

  it("arrival.rate suggests ratePerS; an inference routr suggests router", async () => {
    await badInput(["validate", file("rate.yaml", good.replace("ratePerS: 1", "rate: 1"))], ["workloads.0.arrival.rate", 'did you mean "ratePerS"?']);
    await badInput(["validate", file("routr.yaml", inference.replace("    gpu: H100-SXM\n", "    gpu: H100-SXM\n    routr: random\n"))], ["workloads.0.routr", 'did you mean "router"?']);
  });

  it("a misspelled policy name suggests the nearest", async () => {
    await badInput(["validate", file("pol.yaml", `${good}scheduler: { placement: best-fti }\n`)], ["scheduler.placement", 'did you mean "best-fit"?']);
  });

  it("a YAML syntax error gives the real line and column", async () => {
    await badInput(["validate", file("syntax.yaml", "name: x\ncluster:\n  nodes: [\n")], ["line 4, column 1"]);
  });

  it("--seed abc says what is wrong in words", async () => {
    await badInput(["run", file("seed.yaml", good), "--seed", "abc"], ['--seed "abc"', "whole number"]);
  });

  it("run without a scenario prints one clear line", async () => {
    await badInput(["run"], ["run: missing scenario", "gpufleet run <scenario>"]);
  });
});
