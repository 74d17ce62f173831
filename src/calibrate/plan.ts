/**
 * What a calibration measures: GEMM shapes (square, skinny and decode-like matrix-vector ones),
 * each assigned to the fit or held out to test it; streaming buffer sizes; transfer sizes; launch
 * batch sizes; and the trial plan. `--quick` keeps the run under a minute on a 2-core CPU driver.
 */
import type { GemmShape } from "../cost/calibration-profile.js";
import type { TrialPlan } from "./timing.js";

/** Whether a measurement fits the model or tests it. */
export type Role = "fit" | "heldout";

/** A GEMM shape with its role. */
export interface PlannedGemm extends GemmShape {
  role: Role;
}

/** A transfer size with its role. */
export interface PlannedTransfer {
  bytes: number;
  role: Role;
}

/** The whole measurement plan of one calibration. */
export interface CalibrationPlan {
  gemm: PlannedGemm[];
  streamBytesPerBuffer: number;
  transfers: PlannedTransfer[];
  launchDispatches: number[];
  trials: TrialPlan;
}

const g = (m: number, n: number, k: number, role: Role = "fit"): PlannedGemm => ({ m, n, k, role });
const MiB = 1 << 20;
const KiB = 1 << 10;

const QUICK_GEMM: PlannedGemm[] = [
  g(64, 64, 64),
  g(128, 128, 128),
  g(256, 256, 256),
  g(512, 512, 512),
  g(768, 768, 768),
  g(1024, 1024, 256),
  g(256, 1024, 1024),
  g(128, 2048, 128),
  g(1024, 64, 1024),
  g(2048, 1, 2048),
  g(1024, 4, 1024),
  g(4096, 2, 512),
  g(384, 384, 384, "heldout"),
  g(640, 640, 640, "heldout"),
  g(2048, 32, 512, "heldout"),
  g(192, 512, 320, "heldout"),
  g(2048, 2, 1024, "heldout"),
  g(1024, 1, 2048, "heldout"),
];

const FULL_EXTRA_GEMM: PlannedGemm[] = [
  g(1024, 1024, 1024),
  g(2048, 2048, 2048),
  g(2048, 512, 2048),
  g(4096, 1, 4096),
  g(2048, 8, 2048),
  g(96, 96, 96),
  g(1536, 1536, 1536, "heldout"),
  g(2048, 128, 2048, "heldout"),
  g(4096, 4, 2048, "heldout"),
  g(512, 2048, 1024, "heldout"),
];

const QUICK_TRANSFERS: PlannedTransfer[] = [
  { bytes: 4 * KiB, role: "fit" },
  { bytes: 64 * KiB, role: "fit" },
  { bytes: MiB, role: "fit" },
  { bytes: 16 * MiB, role: "fit" },
  { bytes: 256 * KiB, role: "heldout" },
  { bytes: 4 * MiB, role: "heldout" },
];

const FULL_EXTRA_TRANSFERS: PlannedTransfer[] = [
  { bytes: 64 * MiB, role: "fit" },
  { bytes: 16 * KiB, role: "heldout" },
  { bytes: 32 * MiB, role: "heldout" },
];

/** The plan for a quick (CI) or full calibration. */
export function calibrationPlan(quick: boolean): CalibrationPlan {
  return {
    gemm: quick ? QUICK_GEMM : [...QUICK_GEMM, ...FULL_EXTRA_GEMM],
    // Well above the last-level caches of CPUs (tens of MiB) and GPUs (≤ 100 MiB of L2).
    streamBytesPerBuffer: quick ? 64 * MiB : 256 * MiB,
    transfers: quick ? QUICK_TRANSFERS : [...QUICK_TRANSFERS, ...FULL_EXTRA_TRANSFERS],
    launchDispatches: [1, 4, 16, 64],
    trials: quick
      ? { warmupRuns: 1, trials: 5, targetTrialS: 0.04, maxDispatchesPerTrial: 64 }
      : { warmupRuns: 2, trials: 7, targetTrialS: 0.1, maxDispatchesPerTrial: 256 },
  };
}
