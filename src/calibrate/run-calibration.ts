/**
 * One calibration run: find a device, run launch, transfer, streaming and GEMM benchmarks (each
 * result checked against the CPU), fit the cost model, and return the validated profile.
 */
import type { CalibrationProfile } from "../cost/calibration-profile.js";
import { CheckFailedError, message } from "../messages.js";
import { findDevice } from "./adapter.js";
import { GemmBench } from "./gemm-bench.js";
import { calibrationPlan } from "./plan.js";
import { buildProfile, deviceOf, type Measurements } from "./profile.js";
import { type Progress, silentProgress } from "./progress.js";
import { runLaunch, runStream, streamBufferBytes } from "./stream-bench.js";
import { adapterLine } from "./table.js";
import { KernelTimer } from "./timing.js";
import { runTransfers } from "./transfer-bench.js";

/** Options of {@link runCalibration}. */
export interface CalibrationOptions {
  /** The short plan (CI): fewer, smaller shapes and trials. */
  quick: boolean;
  /** Use exactly this Vulkan ICD json. */
  icdPath?: string;
  /** The catalog GPU the device is (`--as`), overriding the adapter-name rules. */
  asGpu?: string;
  progress?: Progress;
  /** Receives one line saying which adapter is used, before the benchmarks start. */
  log?: (line: string) => void;
}

/** A profile, or the adapters tried when none was usable. */
export type CalibrationOutcome = { ok: true; profile: CalibrationProfile } | { ok: false; tried: string[] };

/** Runs the whole calibration; throws CheckFailedError if too few GEMM results match the CPU. */
export async function runCalibration(options: CalibrationOptions): Promise<CalibrationOutcome> {
  const found = await findDevice(options.icdPath === undefined ? {} : { icdPath: options.icdPath });
  if (!found.ok) return found;
  const { adapter, device, hasTimestamps, driverName, driverSource, icdPath } = found.value;
  const progress = options.progress ?? silentProgress;
  const gpuErrors: string[] = [];
  device.onuncapturederror = (event) => gpuErrors.push(event.error.message);
  const plan = calibrationPlan(options.quick);
  const timer = new KernelTimer(device, hasTimestamps);
  const info = adapter.info;
  const header = {
    quick: options.quick,
    adapter: {
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallbackAdapter: info.isFallbackAdapter === true,
      backend: "vulkan",
    },
    driver: { name: driverName, source: driverSource, icdPath },
    device: deviceOf(
      { vendor: info.vendor, device: info.device, description: info.description, isFallbackAdapter: info.isFallbackAdapter === true },
      options.asGpu,
    ),
    timing: { method: timer.method, warmupRuns: plan.trials.warmupRuns, trials: plan.trials.trials },
  };
  const ms: Measurements = { gemm: [], stream: [], transfer: [], launch: [] };
  options.log?.(adapterLine(header));
  try {
    progress.start(plan.gemm.length + 4);
    ms.launch = await runLaunch(device, plan.trials, plan.launchDispatches);
    progress.tick("launch overhead");
    ms.transfer = await runTransfers(device, plan.trials, plan.transfers);
    progress.tick("transfers");
    ms.stream = await runStream(device, timer, plan.trials, streamBufferBytes(device, plan.streamBytesPerBuffer));
    progress.tick("memory bandwidth");
    const gemm = await GemmBench.create(device, timer);
    progress.tick(`GEMM kernels: ${gemm.chosen.tiled}, ${gemm.chosen.gemv}`);
    for (const shape of plan.gemm) {
      ms.gemm.push(await gemm.run(shape, plan.trials));
      progress.tick(`GEMM ${shape.m}×${shape.n}×${shape.k}`);
    }
  } finally {
    progress.stop();
    timer.destroy();
  }
  if (gpuErrors.length > 0) throw new Error(`WebGPU error during calibration: ${gpuErrors[0]}`);
  const wrong = [...ms.gemm.filter((g) => !g.verification.ok), ...ms.stream.filter((s) => !s.verification.ok)];
  const fitShapes = ms.gemm.filter((g) => g.verification.ok && g.role === "fit").length;
  if (fitShapes < 4 || ms.stream.every((s) => !s.verification.ok)) {
    const labels = wrong.map((w) => ("m" in w ? `GEMM ${w.m}×${w.n}×${w.k}` : `stream ${w.kernel}`));
    throw new CheckFailedError(message.calibrationWrongResults(driverName, labels));
  }
  const profile = buildProfile(header, ms);
  device.destroy();
  return { ok: true, profile };
}
