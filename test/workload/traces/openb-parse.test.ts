import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../../src/messages.js";
import { nodeGroupsOf, readOpenbNodes } from "../../../src/workload/traces/openb-nodes.js";
import { podRequest, readOpenbPods } from "../../../src/workload/traces/openb-pods.js";
import { haveOpenb, openbDir, openbSkipNote } from "./openb-trace-dir.js";

const dir = mkdtempSync(join(tmpdir(), "openb-"));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error("expected a ScenarioError");
};

const POD_HEADER = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time";
const GOOD_POD = "p0,1000,1024,1,500,,LS,Running,10,20,12";

describe.skipIf(!haveOpenb)(`openb parser on the real files${openbSkipNote}`, () => {
  it("node lists: 1,523 nodes (all) and 1,213 GPU nodes with 6,212 GPUs", () => {
    expect(readOpenbNodes(join(openbDir, "openb_node_list_all_node.csv")).nodes).toHaveLength(1523);
    const gpuNodes = readOpenbNodes(join(openbDir, "openb_node_list_gpu_node.csv")).nodes;
    expect(gpuNodes).toHaveLength(1213);
    expect(gpuNodes.reduce((n, node) => n + node.gpus, 0)).toBe(6212);
    expect(nodeGroupsOf(gpuNodes).reduce((n, g) => n + g.count * g.gpusPerNode, 0)).toBe(6212);
  });

  it("default pod list: 8,152 pods with times; the five-column multi-GPU variant has none", () => {
    const pods = readOpenbPods(join(openbDir, "openb_pod_list_default.csv"));
    expect(pods.pods).toHaveLength(8152);
    expect(pods.hasTimes).toBe(true);
    expect(pods.skipped).toBe(0);
    const multi = readOpenbPods(join(openbDir, "openb_pod_list_multigpu20.csv"));
    expect(multi.hasTimes).toBe(false);
    expect(multi.pods.length).toBeGreaterThan(8000);
  });

  it("gpu_spec lists become allowed-model constraints", () => {
    const pods = readOpenbPods(join(openbDir, "openb_pod_list_gpuspec33.csv")).pods;
    const listed = pods.find((p) => p.gpuTypes.length > 1);
    expect(listed).toBeDefined();
    const request = podRequest(listed!);
    expect(request.gpuType).toBeUndefined();
    expect(request.gpuTypes).toEqual([...new Set(request.gpuTypes)]);
    expect(request.singleNode).toBe(true);
  });
});

describe("openb parser: bad rows", () => {
  const podCases: [string, string][] = [
    ["p1,1000,1024,1", "expected 11 values"],
    ["p1,abc,1024,1,500,,LS,Running,10,20,12", "cpu_milli must be a whole number"],
    ["p1,1000,-5,1,500,,LS,Running,10,20,12", "memory_mib must be >= 0"],
    ["p1,1000,1024,1.5,500,,LS,Running,10,20,12", "num_gpu must be a whole number"],
    ["p1,1000,1024,1,1500,,LS,Running,10,20,12", "gpu_milli must be from 0 to 1000"],
    ["p1,1000,1024,0,500,,LS,Running,10,20,12", "gpu_milli is 500 but num_gpu is 0"],
    ["p1,1000,1024,2,0,,LS,Running,10,20,12", "gpu_milli is 0 but num_gpu is 2"],
    ["p1,1000,1024,2,500,,LS,Running,10,20,12", "needs num_gpu 1"],
    ["p1,0,0,0,0,,LS,Running,10,20,12", "asks for nothing"],
    ["p1,1000,1024,1,500,T4|X9,LS,Running,10,20,12", 'unknown GPU model "X9"'],
    ["p1,1000,1024,1,500,,LS,Running,x,20,12", "creation_time must be a whole number"],
    ["p1,1000,1024,1,500,,LS,Running,30,20,", "deletion_time 20 is before creation_time 30"],
    ["p1,1000,1024,1,500,,LS,Running,10,20,5", "scheduled_time 5 is before creation_time 10"],
    [",1000,1024,1,500,,LS,Running,10,20,12", "name is empty"],
  ];
  it.each(podCases)("pod row %j: error names the file and line 3", (row, what) => {
    const file = write("pods.csv", `${POD_HEADER}\n${GOOD_POD}\n${row}\n${GOOD_POD}\n`);
    const text = errorOf(() => readOpenbPods(file));
    expect(text).toContain(`${file}: line 3: `);
    expect(text).toContain(what);
    expect(text.split("\n")).toHaveLength(1);
  });

  const nodeCases: [string, string][] = [
    ["n1,32000,262144,2", "expected 5 values"],
    ["n1,0,262144,2,T4", "cpu_milli must be >= 1"],
    ["n1,32000,many,2,T4", "memory_mib must be a whole number"],
    ["n1,32000,262144,-1,T4", "gpu must be from 0 to 64"],
    ["n1,32000,262144,2,", "model is empty on a node with 2 GPU(s)"],
    ["n1,32000,262144,2,K80", 'unknown GPU model "K80"'],
    ["n0,32000,262144,2,T4", 'node "n0" is listed twice'],
  ];
  it.each(nodeCases)("node row %j: error names the file and line 3", (row, what) => {
    const file = write("nodes.csv", `sn,cpu_milli,memory_mib,gpu,model\nn0,32000,262144,2,T4\n${row}\n`);
    const text = errorOf(() => readOpenbNodes(file));
    expect(text).toContain(`${file}: line 3: `);
    expect(text).toContain(what);
  });

  it("lenient mode skips and counts bad rows, keeping the rest", () => {
    const file = write("mixed.csv", `${POD_HEADER}\n${GOOD_POD}\np1,x,1,1,1,,,,,,\n\n${GOOD_POD.replace("p0", "p2")}\np3,1,1,2,500,,,,1,2,\n`);
    const list = readOpenbPods(file, { lenient: true });
    expect(list.pods.map((p) => p.name)).toEqual(["p0", "p2"]);
    expect(list.skipped).toBe(2);
    expect(list.firstProblem).toMatch(/^line 3: cpu_milli/);
    expect(list.pods[1]?.line).toBe(5);
  });

  it("header, empty and missing files get one clear line", () => {
    expect(errorOf(() => readOpenbPods(write("h.csv", "name,cpu,memory_mib\n")))).toMatch(/line 1: missing column\(s\) cpu_milli, num_gpu, gpu_milli/);
    expect(errorOf(() => readOpenbPods(write("e.csv", `${POD_HEADER}\n`)))).toMatch(/no valid pods/);
    expect(errorOf(() => readOpenbNodes(join(dir, "absent.csv")))).toMatch(/absent\.csv: file not found/);
  });

  it("a five-column pod list parses (no times)", () => {
    const list = readOpenbPods(write("five.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli\na,1,1,8,1000\nb,2,2,1,300\n"));
    expect(list.hasTimes).toBe(false);
    expect(podRequest(list.pods[1]!)).toMatchObject({ gpus: 1, gpuMilli: 300, singleNode: true });
  });
});
