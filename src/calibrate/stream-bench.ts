/**
 * Streaming-memory and launch benchmarks: STREAM-style copy (2 × buffer bytes moved) and triad
 * (3 × buffer bytes) over buffers well above cache size, checked against the CPU, and batches of
 * no-op dispatches whose wall-clock time gives submit latency and per-launch overhead.
 */
import { bindBuffers, computePipeline, readFloats, storageBuffer, uniformWords, uploadFloats } from "./gpu-buffers.js";
import { COPY_WGSL, NOOP_WGSL, streamGrid, TRIAD_WGSL } from "./kernels/stream.wgsl.js";
import { patternFloats, type Verification, verifyStream } from "./reference.js";
import { type KernelTimer, measureWallS, type TrialPlan, type TrialStats } from "./timing.js";

/** One measured streaming kernel. */
export interface StreamMeasurement {
  kernel: "copy" | "triad";
  bytes: number;
  time: TrialStats;
  bytesPerS: number;
  verification: Verification;
}

/** One measured launch batch: wall-clock time of submitting `dispatches` no-op kernels and waiting. */
export interface LaunchMeasurement {
  dispatches: number;
  time: TrialStats;
}

/** Largest buffer (bytes, a multiple of 16) the device binds, at most `wantedBytes`. */
export function streamBufferBytes(device: GPUDevice, wantedBytes: number): number {
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize, wantedBytes);
  return Math.floor(limit / 16) * 16;
}

/** Runs copy and triad over buffers of `bufferBytes` each. */
export async function runStream(
  device: GPUDevice,
  timer: KernelTimer,
  plan: TrialPlan,
  bufferBytes: number,
): Promise<StreamMeasurement[]> {
  const count = bufferBytes / 4;
  const b = patternFloats(count, 0);
  const c = patternFloats(count, 1234);
  const bufB = uploadFloats(device, b, "stream-b");
  const bufC = uploadFloats(device, c, "stream-c");
  const bufOut = storageBuffer(device, bufferBytes, "stream-out");
  const grid = streamGrid(count / 4);
  const params = uniformWords(device, [count / 4, grid.x, 0, 0]);
  const results: StreamMeasurement[] = [];
  try {
    for (const kernel of ["copy", "triad"] as const) {
      const pipeline = await computePipeline(device, kernel === "copy" ? COPY_WGSL : TRIAD_WGSL, kernel);
      const buffers: Record<number, GPUBuffer> = { 0: bufB, 2: bufOut, 3: params };
      if (kernel === "triad") buffers[1] = bufC;
      const bindGroup = bindBuffers(device, pipeline, buffers);
      const record = (pass: GPUComputePassEncoder) => {
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(grid.x, grid.y);
      };
      await timer.timePassS(record, 1);
      const out = await readFloats(device, bufOut, bufferBytes);
      const verification = verifyStream(kernel, b, c, out);
      const { time } = await timer.measure(record, plan);
      const bytes = (kernel === "copy" ? 2 : 3) * bufferBytes;
      results.push({ kernel, bytes, time, bytesPerS: bytes / time.medianS, verification });
    }
  } finally {
    for (const buffer of [bufB, bufC, bufOut, params]) buffer.destroy();
  }
  return results;
}

/** Wall-clock time of submitting batches of no-op dispatches and waiting for them. */
export async function runLaunch(device: GPUDevice, plan: TrialPlan, batches: readonly number[]): Promise<LaunchMeasurement[]> {
  const pipeline = await computePipeline(device, NOOP_WGSL, "noop");
  const out = storageBuffer(device, 16, "noop-out");
  const bindGroup = bindBuffers(device, pipeline, { 0: out });
  const results: LaunchMeasurement[] = [];
  for (const dispatches of batches) {
    const action = async () => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      for (let i = 0; i < dispatches; i++) pass.dispatchWorkgroups(1);
      pass.end();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
    };
    const time = await measureWallS(action, plan.warmupRuns + 1, Math.max(5, plan.trials * 2));
    results.push({ dispatches, time });
  }
  out.destroy();
  return results;
}
