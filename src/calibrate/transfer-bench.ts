/**
 * Host↔device transfer benchmark, wall-clock: host→device is `queue.writeBuffer` until the queue
 * is done; device→host is a copy into a mappable buffer, `mapAsync` and a copy into host memory.
 * Each size is checked by a round trip before it is timed.
 */
import type { PlannedTransfer, Role } from "./plan.js";
import { patternFloats } from "./reference.js";
import { measureWallS, type TrialPlan, type TrialStats } from "./timing.js";

/** One measured transfer size and direction. */
export interface TransferMeasurement {
  direction: "hostToDevice" | "deviceToHost";
  bytes: number;
  role: Role;
  time: TrialStats;
  bytesPerS: number;
}

/** Measures both directions at every planned size; throws if a round trip corrupts data. */
export async function runTransfers(
  device: GPUDevice,
  plan: TrialPlan,
  sizes: readonly PlannedTransfer[],
): Promise<TransferMeasurement[]> {
  const maxBytes = Math.max(...sizes.map((s) => s.bytes));
  const onDevice = device.createBuffer({ size: maxBytes, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: maxBytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const host = new Float32Array(maxBytes / 4);
  const results: TransferMeasurement[] = [];
  const trials = Math.max(5, plan.trials);
  try {
    for (const { bytes, role } of sizes) {
      const data = patternFloats(bytes / 4, bytes);
      const upload = async () => {
        device.queue.writeBuffer(onDevice, 0, data);
        await device.queue.onSubmittedWorkDone();
      };
      const download = async () => {
        const encoder = device.createCommandEncoder();
        encoder.copyBufferToBuffer(onDevice, 0, staging, 0, bytes);
        device.queue.submit([encoder.finish()]);
        await staging.mapAsync(GPUMapMode.READ, 0, bytes);
        host.set(new Float32Array(staging.getMappedRange(0, bytes)));
        staging.unmap();
      };
      await upload();
      await download();
      for (let i = 0; i < data.length; i++) {
        if (host[i] !== data[i]) throw new Error(`transfer round trip of ${bytes} bytes corrupted element ${i}`);
      }
      for (const [direction, action] of [["hostToDevice", upload], ["deviceToHost", download]] as const) {
        const time = await measureWallS(action, plan.warmupRuns, trials);
        results.push({ direction, bytes, role, time, bytesPerS: bytes / time.medianS });
      }
    }
  } finally {
    onDevice.destroy();
    staging.destroy();
  }
  return results;
}
