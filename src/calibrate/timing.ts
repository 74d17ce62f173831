/**
 * Timing of compute work: GPU timestamps (`timestamp-query`) around a compute pass where the device
 * has them, else wall-clock time from submit to `onSubmittedWorkDone`. Warm-up runs, then repeated
 * trials; each trial runs enough dispatches back to back to last about a target time.
 */
import { performance } from "node:perf_hooks";

/** How kernel time was measured. */
export type TimingMethod = "timestamp-query" | "submitted-work-done";

/** Median and spread of trial times, seconds. */
export interface TrialStats {
  medianS: number;
  minS: number;
  maxS: number;
  relSpread: number;
  trials: number;
}

/** Median, min, max and relative spread of samples (seconds); throws on an empty list. */
export function trialStats(samplesS: readonly number[]): TrialStats {
  if (samplesS.length === 0) throw new Error("trialStats: no samples");
  const sorted = [...samplesS].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  const medianS = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const minS = sorted[0] ?? 0;
  const maxS = sorted[sorted.length - 1] ?? 0;
  return { medianS, minS, maxS, relSpread: medianS > 0 ? (maxS - minS) / medianS : 0, trials: sorted.length };
}

/** Records dispatches into a compute pass (pipeline and bind group set by the callee). */
export type RecordDispatch = (pass: GPUComputePassEncoder) => void;

/** Trial plan: warm-up runs, timed trials, and the time one trial should last. */
export interface TrialPlan {
  warmupRuns: number;
  trials: number;
  targetTrialS: number;
  maxDispatchesPerTrial: number;
}

/** Times compute passes on one device. */
export class KernelTimer {
  /** The method this timer uses. */
  readonly method: TimingMethod;
  private readonly querySet: GPUQuerySet | null;
  private readonly resolveBuffer: GPUBuffer | null;
  private readonly readBuffer: GPUBuffer | null;

  constructor(
    private readonly device: GPUDevice,
    useTimestamps: boolean,
  ) {
    this.method = useTimestamps ? "timestamp-query" : "submitted-work-done";
    this.querySet = useTimestamps ? device.createQuerySet({ type: "timestamp", count: 2 }) : null;
    const usage = GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC;
    this.resolveBuffer = useTimestamps ? device.createBuffer({ size: 16, usage }) : null;
    const readUsage = GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;
    this.readBuffer = useTimestamps ? device.createBuffer({ size: 16, usage: readUsage }) : null;
  }

  /** Seconds per dispatch of one pass of `dispatches` dispatches. */
  async timePassS(record: RecordDispatch, dispatches: number): Promise<number> {
    const encoder = this.device.createCommandEncoder();
    const qs = this.querySet;
    const pass = encoder.beginComputePass(
      qs ? { timestampWrites: { querySet: qs, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {},
    );
    for (let i = 0; i < dispatches; i++) record(pass);
    pass.end();
    if (qs && this.resolveBuffer && this.readBuffer) {
      encoder.resolveQuerySet(qs, 0, 2, this.resolveBuffer, 0);
      encoder.copyBufferToBuffer(this.resolveBuffer, 0, this.readBuffer, 0, 16);
    }
    const startMs = performance.now();
    this.device.queue.submit([encoder.finish()]);
    await this.device.queue.onSubmittedWorkDone();
    const wallS = (performance.now() - startMs) / 1000;
    if (!this.readBuffer) return wallS / dispatches;
    await this.readBuffer.mapAsync(GPUMapMode.READ);
    const ticks = new BigUint64Array(this.readBuffer.getMappedRange().slice(0));
    this.readBuffer.unmap();
    const gpuS = Number((ticks[1] ?? 0n) - (ticks[0] ?? 0n)) / 1e9;
    // A driver that writes no usable timestamps (zero or backwards) falls back to wall-clock time.
    return (gpuS > 0 && gpuS <= wallS * 1.5 ? gpuS : wallS) / dispatches;
  }

  /** Warm-up, then `plan.trials` timed passes; returns per-dispatch stats and dispatches per trial. */
  async measure(record: RecordDispatch, plan: TrialPlan): Promise<{ time: TrialStats; dispatchesPerTrial: number }> {
    const onceS = await this.timePassS(record, 1);
    const wanted = Math.ceil(plan.targetTrialS / Math.max(onceS, 1e-7));
    const dispatchesPerTrial = Math.max(1, Math.min(plan.maxDispatchesPerTrial, wanted));
    for (let i = 1; i < plan.warmupRuns; i++) await this.timePassS(record, dispatchesPerTrial);
    const samplesS: number[] = [];
    for (let i = 0; i < plan.trials; i++) samplesS.push(await this.timePassS(record, dispatchesPerTrial));
    return { time: trialStats(samplesS), dispatchesPerTrial };
  }

  /** Frees the timer's GPU objects. */
  destroy(): void {
    this.querySet?.destroy();
    this.resolveBuffer?.destroy();
    this.readBuffer?.destroy();
  }
}

/** Wall-clock stats of an async action: `warmupRuns` untimed runs, then `trials` timed ones. */
export async function measureWallS(action: () => Promise<void>, warmupRuns: number, trials: number): Promise<TrialStats> {
  for (let i = 0; i < warmupRuns; i++) await action();
  const samplesS: number[] = [];
  for (let i = 0; i < trials; i++) {
    const startMs = performance.now();
    await action();
    samplesS.push((performance.now() - startMs) / 1000);
  }
  return trialStats(samplesS);
}
