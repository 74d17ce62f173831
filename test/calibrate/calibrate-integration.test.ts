/**
 * Runs a real `--quick` calibration on whatever WebGPU adapter this machine has (in CI the CPU
 * Vulkan driver from scripts/install-vulkan-cpu.sh). Skips, saying why, only when no adapter is
 * found — unless GPUFLEET_REQUIRE_ADAPTER=1, when that is a failure.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeProfile } from "../../src/calibrate/profile.js";
import { runCalibration } from "../../src/calibrate/run-calibration.js";
import { formatProfileTable } from "../../src/calibrate/table.js";
import { calibratedCost, readCalibrationProfile } from "../../src/cost/calibration-profile.js";

describe("gpufleet calibrate --quick on a real adapter", () => {
  it("measures verified kernels and fits plausible positive parameters", async (ctx) => {
    const outcome = await runCalibration({ quick: true });
    if (!outcome.ok) {
      const reason = `no WebGPU adapter (tried ${outcome.tried.join(", ")}); run scripts/install-vulkan-cpu.sh`;
      if (process.env.GPUFLEET_REQUIRE_ADAPTER === "1") throw new Error(reason);
      console.warn(`SKIPPED calibration integration test: ${reason}`);
      ctx.skip(reason);
      return;
    }
    const path = join(mkdtempSync(join(tmpdir(), "gpufleet-cal-")), "profile.json");
    writeProfile(path, outcome.profile);
    const p = readCalibrationProfile(path);
    console.log(formatProfileTable(p));

    expect(p.quick).toBe(true);
    expect(p.adapter.description.length + p.adapter.device.length).toBeGreaterThan(0);
    expect(p.measurements.gemm.length).toBeGreaterThanOrEqual(12);
    for (const g of p.measurements.gemm) {
      expect(g.verification.ok, `GEMM ${g.m}×${g.n}×${g.k} matches the CPU`).toBe(true);
      expect(g.verification.checkedElements).toBeGreaterThan(0);
      expect(g.time.medianS).toBeGreaterThan(0);
    }
    expect(p.measurements.gemm.some((g) => g.n === 1)).toBe(true);
    expect(p.measurements.stream.every((s) => s.verification.ok)).toBe(true);

    const { fit } = p;
    // Plausible for anything from a CPU driver (~1 GFLOP/s) to a datacenter GPU (~100 TFLOP/s f32).
    expect(fit.gemm.peakFlopsPerS).toBeGreaterThan(1e8);
    expect(fit.gemm.peakFlopsPerS).toBeLessThan(3e14);
    expect(fit.memory.bytesPerS).toBeGreaterThan(1e8);
    expect(fit.memory.bytesPerS).toBeLessThan(2e13);
    expect(fit.hostToDevice.bytesPerS).toBeGreaterThan(1e7);
    expect(fit.deviceToHost.bytesPerS).toBeGreaterThan(1e7);
    expect(fit.launch.launchOverheadS).toBeLessThan(0.01);
    // The best measured GEMM rate cannot beat the fitted roof by much.
    const bestFlopsPerS = Math.max(...p.measurements.gemm.map((g) => g.flopsPerS));
    expect(bestFlopsPerS).toBeLessThan(fit.gemm.peakFlopsPerS * 3);
    expect(p.heldOut.gemm.count).toBeGreaterThanOrEqual(4);
    expect(Number.isFinite(p.heldOut.gemm.medianAbsRelError)).toBe(true);
    const cost = calibratedCost(p);
    expect(cost.gemmTimeS(1024, 1024, 1024)).toBeGreaterThan(cost.gemmTimeS(256, 256, 256));
  }, 300_000);
});
