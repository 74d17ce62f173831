import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProfile, type Measurements, writeProfile } from "../../src/calibrate/profile.js";
import { formatProfileTable } from "../../src/calibrate/table.js";
import type { TrialStats } from "../../src/calibrate/timing.js";
import {
  CALIBRATION_PROFILE_VERSION,
  calibratedCost,
  type GemmFit,
  predictGemmTimeS,
  readCalibrationProfile,
} from "../../src/cost/calibration-profile.js";

const stats = (medianS: number): TrialStats => ({ medianS, minS: medianS * 0.98, maxS: medianS * 1.03, relSpread: 0.05, trials: 3 });
const ok = { ok: true, checkedElements: 512, maxAbsError: 1e-6, maxAllowedError: 1e-4 };
const truth: GemmFit = { peakFlopsPerS: 5e9, memBytesPerS: 4e9, halfSaturationUnits: 2, fixedS: 1e-5 };

/** Synthetic measurements of a device that follows the model exactly. */
function syntheticMeasurements(): Measurements {
  const shapes: [number, number, number, "fit" | "heldout"][] = [
    [64, 64, 64, "fit"], [256, 256, 256, "fit"], [512, 512, 512, "fit"], [1024, 64, 1024, "fit"],
    [2048, 1, 2048, "fit"], [1024, 4, 1024, "fit"], [384, 384, 384, "heldout"], [2048, 2, 1024, "heldout"],
  ];
  const transfer = (direction: "hostToDevice" | "deviceToHost", bytes: number, role: "fit" | "heldout") => {
    const timeS = 2e-5 + bytes / 1e10;
    return { direction, bytes, role, time: stats(timeS), bytesPerS: bytes / timeS };
  };
  return {
    gemm: shapes.map(([m, n, k, role]) => {
      const timeS = predictGemmTimeS(truth, { m, n, k });
      const kernel = n <= 8 ? ("gemv-row" as const) : ("tiled-register" as const);
      return { m, n, k, kernel, role, dispatchesPerTrial: 4, time: stats(timeS), flopsPerS: (2 * m * n * k) / timeS, verification: ok };
    }),
    stream: [
      { kernel: "copy", bytes: 2 << 26, time: stats(0.05), bytesPerS: (2 << 26) / 0.05, verification: ok },
      { kernel: "triad", bytes: 3 << 26, time: stats(0.07), bytesPerS: (3 << 26) / 0.07, verification: ok },
    ],
    transfer: (["hostToDevice", "deviceToHost"] as const).flatMap((d) => [
      transfer(d, 4096, "fit"), transfer(d, 1 << 20, "fit"), transfer(d, 1 << 24, "fit"), transfer(d, 1 << 22, "heldout"),
    ]),
    launch: [1, 4, 16].map((dispatches) => ({ dispatches, time: stats(3e-5 + dispatches * 1e-5) })),
  };
}

const header = {
  quick: true,
  adapter: { vendor: "test", architecture: "synthetic", device: "model", description: "a synthetic device", isFallbackAdapter: true, backend: "vulkan" },
  driver: { name: "synthetic", source: "option" as const, icdPath: null },
  timing: { method: "timestamp-query" as const, warmupRuns: 1, trials: 3 },
};

describe("calibration profile", () => {
  it("round-trips through JSON with the version, fit and held-out error", () => {
    const profile = buildProfile(header, syntheticMeasurements());
    expect(profile.version).toBe(CALIBRATION_PROFILE_VERSION);
    const path = join(mkdtempSync(join(tmpdir(), "gpufleet-profile-")), "sub", "p.json");
    writeProfile(path, profile);
    const back = readCalibrationProfile(path);
    expect(back).toEqual(profile);
    expect(back.fit.gemm.peakFlopsPerS / truth.peakFlopsPerS).toBeCloseTo(1, 2);
    expect(back.heldOut.gemm.count).toBe(2);
    expect(back.heldOut.gemm.maxAbsRelError).toBeLessThan(0.01);
    expect(back.heldOut.transfer.count).toBe(2);
    expect(back.fit.memory.bytesPerS).toBeCloseTo((3 << 26) / 0.07, 0);
    expect(back.fit.launch.launchOverheadS).toBeCloseTo(1e-5, 9);
  });

  it("exposes the fitted cost functions", () => {
    const cost = calibratedCost(buildProfile(header, syntheticMeasurements()));
    expect(cost.gemmTimeS(4096, 4096, 4096) / predictGemmTimeS(truth, { m: 4096, n: 4096, k: 4096 })).toBeCloseTo(1, 2);
    expect(cost.memoryTimeS(1e9)).toBeGreaterThan(0);
    expect(cost.transferTimeS(1e8, "deviceToHost")).toBeCloseTo(2e-5 + 1e8 / 1e10, 4);
    expect(cost.launchOverheadS).toBeGreaterThan(0);
  });

  it("rejects a profile of another version, naming the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-profile-"));
    const profile = buildProfile(header, syntheticMeasurements());
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ ...profile, version: 99 }));
    expect(() => readCalibrationProfile(join(dir, "bad.json"))).toThrow(/bad\.json: version/);
    writeFileSync(join(dir, "bad2.json"), JSON.stringify({ ...profile, fit: { ...profile.fit, gemm: { ...profile.fit.gemm, peakFlopsPerS: -1 } } }));
    expect(() => readCalibrationProfile(join(dir, "bad2.json"))).toThrow(/fit\.gemm\.peakFlopsPerS/);
  });

  it("prints a table with every shape and the held-out error", () => {
    const text = formatProfileTable(buildProfile(header, syntheticMeasurements()));
    expect(text).toContain("2048×1×2048");
    expect(text).toMatch(/held-out error: GEMM median/);
    expect(text.split("\n")[0]).toMatch(/^adapter: a synthetic device/);
  });
});
