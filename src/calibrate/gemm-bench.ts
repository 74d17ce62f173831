/**
 * GEMM benchmark: uploads seeded A and B, runs a kernel once, checks C against the CPU reference,
 * then times repeated trials. Before the shapes run, each shape class (tiled, matrix-vector) tries
 * its two kernels on a pilot shape and keeps the faster correct one for this device. A shape whose
 * result is wrong is reported with `verification.ok = false` and left out of the fit.
 */
import { GEMM_TILE, GEMV_MAX_N, type GemmShape, gemmFlops } from "../cost/calibration-profile.js";
import { bindBuffers, computePipeline, readFloats, storageBuffer, uniformWords, uploadFloats } from "./gpu-buffers.js";
import { GEMV_ROW_WGSL, GEMV_WGSL, REGISTER_GEMM_WGSL, REGISTER_TILE, TILED_GEMM_WGSL } from "./kernels/gemm.wgsl.js";
import type { PlannedGemm, Role } from "./plan.js";
import { seededFloats, type Verification, verifyGemm } from "./reference.js";
import type { KernelTimer, TrialPlan, TrialStats } from "./timing.js";

/** The GEMM kernels (see kernels/gemm.wgsl.ts). */
export type GemmKernel = "tiled-shared" | "tiled-register" | "gemv-reduce" | "gemv-row";

/** One measured GEMM shape. */
export interface GemmMeasurement {
  m: number;
  n: number;
  k: number;
  kernel: GemmKernel;
  role: Role;
  dispatchesPerTrial: number;
  time: TrialStats;
  flopsPerS: number;
  verification: Verification;
}

const SOURCES: Record<GemmKernel, string> = {
  "tiled-shared": TILED_GEMM_WGSL,
  "tiled-register": REGISTER_GEMM_WGSL,
  "gemv-reduce": GEMV_WGSL,
  "gemv-row": GEMV_ROW_WGSL,
};

/** Workgroup grid of `kernel` for shape `s`. */
function grid(kernel: GemmKernel, s: GemmShape): [number, number] {
  switch (kernel) {
    case "tiled-shared":
      return [Math.ceil(s.n / GEMM_TILE), Math.ceil(s.m / GEMM_TILE)];
    case "tiled-register":
      return [Math.ceil(s.n / REGISTER_TILE.cols), Math.ceil(s.m / REGISTER_TILE.rows)];
    case "gemv-reduce":
      return [s.m, 1];
    case "gemv-row":
      return [Math.ceil(s.m / 64), 1];
  }
}

/** Kernels able to compute shape `s`, the device's preferred one first. */
function candidates(s: GemmShape, preferred: { tiled: GemmKernel; gemv: GemmKernel }): GemmKernel[] {
  if (s.n <= GEMV_MAX_N) {
    const usable: GemmKernel[] = s.k % 4 === 0 ? ["gemv-row", "gemv-reduce"] : ["gemv-reduce"];
    return usable.includes(preferred.gemv) ? [preferred.gemv] : usable;
  }
  const usable: GemmKernel[] = s.n % 4 === 0 ? ["tiled-register", "tiled-shared"] : ["tiled-shared"];
  return usable.includes(preferred.tiled) ? [preferred.tiled] : usable;
}

/** Pilot shapes and trials for choosing each class's kernel. */
const PILOTS = { tiled: { m: 512, n: 512, k: 256 }, gemv: { m: 2048, n: 1, k: 1024 } } as const;
const PILOT_PLAN: TrialPlan = { warmupRuns: 1, trials: 3, targetTrialS: 0.01, maxDispatchesPerTrial: 64 };

/** Runs GEMM shapes on one device with the kernels compiled once and chosen per device. */
export class GemmBench {
  private readonly preferred: { tiled: GemmKernel; gemv: GemmKernel } = { tiled: "tiled-shared", gemv: "gemv-reduce" };

  private constructor(
    private readonly device: GPUDevice,
    private readonly timer: KernelTimer,
    private readonly pipelines: Record<GemmKernel, GPUComputePipeline>,
  ) {}

  /** Compiles all kernels and picks the faster correct one of each class on a pilot shape. */
  static async create(device: GPUDevice, timer: KernelTimer): Promise<GemmBench> {
    const pipelines = {} as Record<GemmKernel, GPUComputePipeline>;
    for (const kernel of Object.keys(SOURCES) as GemmKernel[]) {
      pipelines[kernel] = await computePipeline(device, SOURCES[kernel], `gemm-${kernel}`);
    }
    const bench = new GemmBench(device, timer, pipelines);
    for (const [cls, pair] of [["tiled", ["tiled-register", "tiled-shared"]], ["gemv", ["gemv-row", "gemv-reduce"]]] as const) {
      let bestS = Number.POSITIVE_INFINITY;
      for (const kernel of pair) {
        const pilot = await bench.runKernel(kernel, { ...PILOTS[cls], role: "fit" }, PILOT_PLAN);
        if (pilot.verification.ok && pilot.time.medianS < bestS) {
          bestS = pilot.time.medianS;
          bench.preferred[cls] = kernel;
        }
      }
    }
    return bench;
  }

  /** The kernel chosen for each shape class. */
  get chosen(): { tiled: GemmKernel; gemv: GemmKernel } {
    return { ...this.preferred };
  }

  /** Verifies and times one shape with this device's kernel for its class. */
  async run(shape: PlannedGemm, plan: TrialPlan): Promise<GemmMeasurement> {
    const kernel = candidates(shape, this.preferred)[0] ?? "tiled-shared";
    return this.runKernel(kernel, shape, plan);
  }

  private async runKernel(kernel: GemmKernel, shape: PlannedGemm, plan: TrialPlan): Promise<GemmMeasurement> {
    const { m, n, k } = shape;
    const a = seededFloats(m * k, `A:${m}x${k}`);
    const b = seededFloats(k * n, `B:${k}x${n}`);
    const bufA = uploadFloats(this.device, a, "A");
    const bufB = uploadFloats(this.device, b, "B");
    const bufC = storageBuffer(this.device, m * n * 4, "C");
    const dims = uniformWords(this.device, [m, n, k, 0]);
    const pipeline = this.pipelines[kernel];
    const bindGroup = bindBuffers(this.device, pipeline, { 0: bufA, 1: bufB, 2: bufC, 3: dims });
    const [x, y] = grid(kernel, shape);
    const record = (pass: GPUComputePassEncoder) => {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(x, y);
    };
    try {
      await this.timer.timePassS(record, 1);
      const c = await readFloats(this.device, bufC, m * n * 4);
      const verification = verifyGemm(a, b, c.subarray(0, m * n), shape);
      const { time, dispatchesPerTrial } = await this.timer.measure(record, plan);
      const flopsPerS = time.medianS > 0 ? gemmFlops(shape) / time.medianS : 0;
      return { m, n, k, kernel, role: shape.role, dispatchesPerTrial, time, flopsPerS, verification };
    } finally {
      for (const buffer of [bufA, bufB, bufC, dims]) buffer.destroy();
    }
  }
}
