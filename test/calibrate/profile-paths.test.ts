/**
 * The three ways a scenario may use a calibration profile: on the GPU type it measured (its
 * measured rates price that type), on another type without asking (bad input, exit 2, naming
 * both), and on another type with `transfer: efficiency` (only efficiency curves, bandwidth
 * fractions and overheads move; the peaks are the catalog's).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deviceOf } from "../../src/calibrate/profile.js";
import { defaultProfilePath } from "../../src/cli/commands/calibrate.js";
import { calibratedCost, parseCalibrationProfile } from "../../src/cost/calibration-profile.js";
import { llmIterationCost } from "../../src/cost/llm-iteration.js";
import { deviceCost, profileGpu, profileUse } from "../../src/cost/profile-on-gpu.js";
import { ScenarioError } from "../../src/messages.js";
import { gpuCatalog } from "../../src/model/gpus.js";
import { loadScenario } from "../../src/scenario/load.js";
import { iterationComputeS, trainingPlan, type TrainingWorkSpec } from "../../src/workload/training.js";
import { modelCatalog } from "../../src/workload/models.js";
import { repoRoot } from "../helpers.js";

const lavapipePath = join(repoRoot, "calibration", "cpu-lavapipe.json");
const lavapipe = parseCalibrationProfile(JSON.parse(readFileSync(lavapipePath, "utf8")));
const dir = mkdtempSync(join(tmpdir(), "gpufleet-profile-paths-"));
/** The same measurements, declared (as `gpufleet calibrate --as H100-SXM` would) to be an H100's. */
const asH100Path = join(dir, "as-h100.json");
writeFileSync(asH100Path, JSON.stringify({ ...lavapipe, device: { gpu: "H100-SXM", source: "option", rule: "--as" } }));
const asH100 = parseCalibrationProfile(JSON.parse(readFileSync(asH100Path, "utf8")));

function scenarioFile(name: string, yaml: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}
const inference = (profile: string, gpu: string, extra = "") =>
  `cluster: { nodes: [{ count: 1, gpu: ${gpu}, gpusPerNode: 8 }] }\nworkloads: [{ kind: inference, name: s, model: llama-3-8b, gpu: ${gpu}, count: 1, arrival: { process: constant, ratePerS: 1 }, promptTokens: 100, outputTokens: 10, costModel: { calibration: ${profile}${extra} } }]\n`;
const training = (profile: string, extra = "") =>
  `cluster: { nodes: [{ count: 1, preset: dgx-h100 }] }\nworkloads: [{ kind: jobs, name: t, count: 1, arrival: { process: constant, ratePerS: 1 }, gpus: 8, work: { model: llama-3-8b, iterations: 10, tokensPerIteration: 2.56e5, memory: { zeroStage: 1 }, calibration: ${profile}${extra} } }]\n`;

function loadTraining(calibration?: string): TrainingWorkSpec {
  const s = loadScenario(scenarioFile("t", training(calibration ?? lavapipePath, ", transfer: efficiency")));
  const w = s.workloads[0];
  if (w?.kind !== "jobs" || w.work === undefined) throw new Error("expected a training workload");
  return w.work as TrainingWorkSpec;
}

describe("profiles describe the device they measured", () => {
  it("the committed lavapipe profile says it measured no catalog GPU, in f32 without tensor cores", () => {
    expect(profileGpu(lavapipe)).toBeNull();
    expect(lavapipe.device).toEqual({ gpu: null, source: "none", rule: "cpu-driver" });
    expect(lavapipe.dtype).toBe("f32");
    expect(lavapipe.tensorCores).toBe(false);
  });

  it("gpufleet calibrate records the catalog GPU from the adapter's name, or from --as", () => {
    const h100 = { vendor: "nvidia", device: "", description: "NVIDIA H100 80GB HBM3", isFallbackAdapter: false };
    expect(deviceOf(h100, undefined)).toEqual({ gpu: "H100-SXM", source: "adapter", rule: "NVIDIA H100 80GB HBM3" });
    expect(deviceOf({ ...h100, description: "NVIDIA H100 PCIe" }, undefined)).toEqual({ gpu: null, source: "none", rule: "unrecognised" });
    expect(deviceOf({ ...h100, description: "NVIDIA H100 PCIe" }, "H100-SXM")).toEqual({ gpu: "H100-SXM", source: "option", rule: "--as" });
    expect(deviceOf(lavapipe.adapter, undefined)).toEqual({ gpu: null, source: "none", rule: "cpu-driver" });
    expect(defaultProfilePath(asH100)).toBe("calibration/h100-sxm.json");
    expect(defaultProfilePath(lavapipe)).toBe("calibration/cpu-lavapipe.json");
  });

  it("matching type: the profile prices its own GPU with what it measured", () => {
    expect(profileUse(asH100, "H100-SXM", false)).toBe("measured");
    expect(() => loadScenario(scenarioFile("match", inference(asH100Path, "H100-SXM")))).not.toThrow();
    const h100 = gpuCatalog["H100-SXM"];
    const d = deviceCost(asH100, h100, "bf16", "measured", { flopsEfficiency: 0.72, memoryEfficiency: 0.76 }, h100);
    // Bandwidth is the device's measured streaming rate; bf16 compute is the catalog's tensor peak (WGSL cannot see it).
    expect(d.memoryBytesPerS).toBe(asH100.fit.memory.bytesPerS);
    expect(d.computeFlopsPerS).toBeCloseTo(0.72 * h100.peakFlopsPerS.bf16, -6);
    // f32 is what WGSL measured: the fitted rate itself.
    expect(deviceCost(asH100, h100, "fp32", "measured", { flopsEfficiency: 0.72, memoryEfficiency: 0.76 }).computeFlopsPerS).toBe(asH100.fit.gemm.peakFlopsPerS);
    // A decode step is its weights (bf16: 2 bytes each) over the bandwidth GEMMs reached on that device.
    const step = llmIterationCost(modelCatalog["llama-3-8b"], h100, 1, undefined, calibratedCost(asH100)).breakdown({ prefillTokens: 0, decodeTokens: 1, attentionPairs: 1, kvTokensRead: 0 });
    const layerBytes = 2 * (8.03e9 - 2 * 128256 * 4096);
    expect(step.linearS).toBeGreaterThan(layerBytes / asH100.fit.gemm.memBytesPerS);
    expect(step.linearS).toBeLessThan((1.01 * layerBytes) / asH100.fit.gemm.memBytesPerS + 4 * 32 * 1e-3);
  });

  it("mismatched type: bad input (exit 2) naming the measured device and the scenario's GPU", () => {
    const cases = [
      [scenarioFile("inf-h100", inference(lavapipePath, "H100-SXM")), /workloads\.0\.costModel\.calibration: .*measured lavapipe .*not H100-SXM.*workloads\.0\.costModel\.transfer: efficiency/],
      [scenarioFile("inf-a100", inference(asH100Path, "A100-80G")), /measured H100-SXM, not A100-80G/],
      [scenarioFile("train", training(lavapipePath)), /workloads\.0\.work\.calibration: .*measured lavapipe .*not H100-SXM/],
    ] as const;
    for (const [file, text] of cases) {
      let error: unknown;
      try {
        loadScenario(file);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as ScenarioError).exitCode).toBe(2);
      expect((error as Error).message).toMatch(text);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("transfer on: a lavapipe profile on an H100 keeps the catalog roofline's scale, and A100 and H100 differ", () => {
    expect(() => loadScenario(scenarioFile("inf-tr", inference(lavapipePath, "H100-SXM", ", transfer: efficiency")))).not.toThrow();
    const model = modelCatalog["llama-3-8b"];
    const prefill = { prefillTokens: 1000, decodeTokens: 0, attentionPairs: 500500, kvTokensRead: 0 };
    const decode = { prefillTokens: 0, decodeTokens: 1, attentionPairs: 1100, kvTokensRead: 1099 };
    const times = (gpu: (typeof gpuCatalog)["H100-SXM"]) => {
      const roofline = llmIterationCost(model, gpu, 1);
      const transferred = llmIterationCost(model, gpu, 1, undefined, calibratedCost(lavapipe));
      return { ttft: transferred.iterationTimeS(prefill) / roofline.iterationTimeS(prefill), tpot: transferred.iterationTimeS(decode) / roofline.iterationTimeS(decode), h: transferred.iterationTimeS(prefill) };
    };
    const h100 = times(gpuCatalog["H100-SXM"]);
    const a100 = times(gpuCatalog["A100-80G"]);
    // Not 47,000 s: the same order as the roofline (the CPU's GEMV kernels reached 14 % of its streaming bandwidth, and that fraction moves).
    for (const ratio of [h100.ttft, h100.tpot, a100.ttft, a100.tpot]) {
      expect(ratio).toBeGreaterThan(1);
      expect(ratio).toBeLessThan(10);
    }
    expect(a100.h / h100.h).toBeGreaterThan(1.5);
    // Training: a 4096-cube GEMM stays compute-bound, so the job runs at the catalog's peak x computeEfficiency.
    const spec = loadTraining(lavapipePath);
    const plan = { ...trainingPlan(spec, 8), calibration: { profile: lavapipe, transfer: true } };
    const plain = trainingPlan(spec, 8);
    expect(iterationComputeS(plan, 8, gpuCatalog["H100-SXM"]) / iterationComputeS(plain, 8, gpuCatalog["H100-SXM"])).toBeCloseTo(1, 6);
    expect(spec.transfer).toBe("efficiency");
  });
});
