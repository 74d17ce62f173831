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

  it("a calibration profile (gpufleet calibrate) prices iterations instead of the roofline", async () => {
    const profile = join(repoRoot, "calibration", "cpu-lavapipe.json");
    // A small model, so that even a CPU Vulkan driver (GFLOP/s, not PFLOP/s) serves a few requests.
    const tiny = { name: "tiny", parameters: 5e7, layers: 4, hiddenSize: 512, heads: 8 };
    const light = { model: tiny, arrival: { process: "poisson", ratePerS: 0.01 }, promptTokens: 64, outputTokens: 4 };
    const roofline = await runInMemory(service(light, { horizon: { durationS: 3000 } }));
    const calibrated = await runInMemory(service({ ...light, costModel: { calibration: profile } }, { horizon: { durationS: 3000 } }));
    expect(calibrated.summary.requests?.completed ?? 0).toBeGreaterThan(10);
    expect(calibrated.summary.requests?.ttftS.p50 ?? 0).toBeGreaterThan(100 * (roofline.summary.requests?.ttftS.p50 ?? 1));
  });

  it("requests.csv rows follow DESIGN §6", async () => {
    const { summary } = await runInMemory(service());
    expect(requestColumns).toEqual(["id", "service", "class", "region", "arrivalS", "startS", "firstTokenS", "endS", "promptTokens", "outputTokens", "ttftS", "tpotS", "e2eS", "preemptions", "retries", "status"]);
    expect(summary.requests?.sloAttainment).toBeDefined();
  });
});
