import { describe, expect, it } from "vitest";
import { catalogGpuOfAdapter, deviceRules } from "../../src/cost/device-mapping.js";
import { gpuNames } from "../../src/model/gpus.js";

const nvidia = (description: string) => ({ vendor: "nvidia", device: "", description, isFallbackAdapter: false });

describe("adapter → catalog GPU", () => {
  it("every rule's example maps to its own GPU, and every rule names a catalog GPU", () => {
    for (const rule of deviceRules) {
      expect(gpuNames).toContain(rule.gpu);
      expect(catalogGpuOfAdapter(nvidia(rule.example)).gpu, rule.example).toBe(rule.gpu);
    }
  });

  it("the names NVIDIA's driver reports for data-center parts", () => {
    expect(catalogGpuOfAdapter(nvidia("NVIDIA H200")).gpu).toBe("H200");
    expect(catalogGpuOfAdapter(nvidia("NVIDIA H100 80GB HBM3")).gpu).toBe("H100-SXM");
    expect(catalogGpuOfAdapter(nvidia("NVIDIA A100-SXM4-80GB")).gpu).toBe("A100-80G");
    expect(catalogGpuOfAdapter(nvidia("NVIDIA A100 80GB PCIe")).gpu).toBe("A100-80G");
    expect(catalogGpuOfAdapter(nvidia("Tesla V100-SXM2-32GB")).gpu).toBe("V100M32");
    expect(catalogGpuOfAdapter(nvidia("NVIDIA A10")).gpu).toBe("A10");
    expect(catalogGpuOfAdapter({ vendor: "amd", device: "", description: "AMD Instinct MI300X", isFallbackAdapter: false }).gpu).toBe("MI300X");
  });

  it("parts the catalog does not hold map to none rather than to a neighbour", () => {
    for (const name of ["NVIDIA H100 PCIe", "NVIDIA H100 NVL", "NVIDIA A100-SXM4-40GB", "NVIDIA A10G", "NVIDIA L40S", "NVIDIA GeForce RTX 4090"]) {
      expect(catalogGpuOfAdapter(nvidia(name)), name).toEqual({ gpu: null, rule: "unrecognised" });
    }
  });

  it("CPU drivers (lavapipe, SwiftShader, any fallback adapter) are no catalog GPU", () => {
    const lavapipe = { vendor: "mesa", device: "llvmpipe-llvm-15-0-6-256-bits-", description: "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)", isFallbackAdapter: true };
    const swiftshader = { vendor: "google", device: "swiftshader-device-llvm-10-0-0-", description: "SwiftShader Device (LLVM 10.0.0)", isFallbackAdapter: false };
    expect(catalogGpuOfAdapter(lavapipe)).toEqual({ gpu: null, rule: "cpu-driver" });
    expect(catalogGpuOfAdapter(swiftshader)).toEqual({ gpu: null, rule: "cpu-driver" });
    // A fallback adapter is a CPU implementation whatever it calls itself.
    expect(catalogGpuOfAdapter({ ...nvidia("NVIDIA H100 80GB HBM3"), isFallbackAdapter: true }).gpu).toBeNull();
  });
});
