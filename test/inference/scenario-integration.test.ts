import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requestColumns } from "../../src/metrics/request-metrics.js";
import { repoRoot, runInMemory, scenarioFrom } from "../helpers.js";

/** One llama-3-8b service on two single-GPU replicas of an 8-GPU node. */
function service(extra: Record<string, unknown> = {}, doc: Record<string, unknown> = {}) {
  return scenarioFrom({
    name: "svc",
    horizon: { durationS: 120 },
    cluster: { nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 8 }] },
    workloads: [
      {
        kind: "inference",
        name: "chat",
        model: "llama-3-8b",
        gpu: "H100-SXM",
        replicas: { count: 2 },
        arrival: { process: "poisson", ratePerS: 20 },
        promptTokens: 500,
        outputTokens: 400,
        ...extra,
      },
    ],
    ...doc,
  });
}

describe("inference services in scenarios", () => {
  it("a GPU failure takes a replica down: its in-flight requests retry on the other replica", async () => {
    const { summary } = await runInMemory(service({}, { failures: [{ at: 30, target: "gpu", id: "0", repairS: 1000 }] }));
    expect(summary.failures?.events).toEqual({ gpu: 1 });
    expect(summary.requests?.retries ?? 0).toBeGreaterThan(0);
    expect(summary.requests?.completed ?? 0).toBeGreaterThan(1000);
  });

  it("a calibration profile prices iterations on the GPU it measured; from another device only its efficiency curves move", async () => {
    const lavapipe = join(repoRoot, "calibration", "cpu-lavapipe.json");
    // The same measurements declared (as gpufleet calibrate --as H100-SXM would) to be an H100's.
    const asH100 = join(mkdtempSync(join(tmpdir(), "gpufleet-svc-")), "as-h100.json");
    writeFileSync(asH100, JSON.stringify({ ...JSON.parse(readFileSync(lavapipe, "utf8")), device: { gpu: "H100-SXM", source: "option", rule: "--as" } }));
    // A small model, so that even a CPU Vulkan driver's measured bandwidth serves a few requests.
    const tiny = { name: "tiny", parameters: 5e7, layers: 4, hiddenSize: 512, heads: 8 };
    const light = { model: tiny, arrival: { process: "poisson", ratePerS: 0.01 }, promptTokens: 64, outputTokens: 4 };
    const ttft = async (costModel?: Record<string, unknown>) =>
      (await runInMemory(service(costModel === undefined ? light : { ...light, costModel }, { horizon: { durationS: 3000 } }))).summary.requests?.ttftS.p50 ?? 0;
    const roofline = await ttft();
    const measured = await ttft({ calibration: asH100 });
    const transferred = await ttft({ calibration: lavapipe, transfer: "efficiency" });
    expect(measured).toBeGreaterThan(100 * roofline);
    expect(transferred).toBeGreaterThan(roofline);
    expect(transferred).toBeLessThan(10 * roofline);
  });

  it("requests.csv rows follow DESIGN §6", async () => {
    const { summary } = await runInMemory(service());
    expect(requestColumns).toEqual(["id", "service", "class", "region", "arrivalS", "startS", "firstTokenS", "endS", "promptTokens", "outputTokens", "ttftS", "tpotS", "e2eS", "preemptions", "retries", "status"]);
    expect(summary.requests?.sloAttainment).toBeDefined();
  });
});
