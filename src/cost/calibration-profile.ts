/**
 * The calibration profile that `gpufleet calibrate` writes and the cost model reads: its schema
 * (zod, versioned), a reader, and the fitted cost functions (GEMM roofline with a saturating
 * efficiency curve, streaming memory, host↔device transfers, launch overhead).
 * `calibrate/` imports this file; this file never imports `calibrate/`.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

/** Current profile format version; bump when a field changes meaning. */
export const CALIBRATION_PROFILE_VERSION = 1;

/** A GEMM shape: C[m×n] = A[m×k] · B[k×n], f32, row-major. */
export interface GemmShape {
  m: number;
  n: number;
  k: number;
}

/** Widest `n` that the calibrated kernels treat as a matrix-vector (decode-like) product. */
export const GEMV_MAX_N = 8;
/** Output tile edge of the tiled GEMM kernel (a workgroup computes a TILE×TILE block). */
export const GEMM_TILE = 64;

/** Floating-point operations of one GEMM (a multiply and an add per inner-product term). */
export function gemmFlops(s: GemmShape): number {
  return 2 * s.m * s.n * s.k;
}

/** Bytes of one element of the dtype WGSL kernels compute in (f32). */
export const PROFILE_BYTES_PER_ELEMENT = 4;

/** Compulsory bytes of one GEMM: read A and B once, write C once (f32 unless `bytesPerElement` says otherwise). */
export function gemmBytes(s: GemmShape, bytesPerElement = PROFILE_BYTES_PER_ELEMENT): number {
  return bytesPerElement * (s.m * s.k + s.k * s.n + s.m * s.n);
}

/**
 * Parallel units of a GEMM, the size measure of the efficiency curve: rows for matrix-vector
 * shapes (n ≤ 8), else 64×64 output tiles (rounded up).
 */
export function gemmParallelUnits(s: GemmShape): number {
  if (s.n <= GEMV_MAX_N) return s.m;
  return Math.ceil(s.m / GEMM_TILE) * Math.ceil(s.n / GEMM_TILE);
}

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

/** Fitted GEMM model: time = fixedS + flops / (min(peak, intensity·bandwidth) · units / (units + half)). */
export const GemmFitSchema = z.object({
  peakFlopsPerS: positive.describe("sustained compute roof, FLOP/s"),
  memBytesPerS: positive.describe("memory roof seen by GEMM, bytes/s"),
  halfSaturationUnits: nonNegative.describe("parallel units (tiles or rows) at which efficiency reaches 50 %"),
  fixedS: nonNegative.describe("fixed time per kernel, s"),
});
/** Fitted GEMM parameters. */
export type GemmFit = z.infer<typeof GemmFitSchema>;

/** Predicted time of one GEMM under fitted parameters, in seconds. */
export function predictGemmTimeS(fit: GemmFit, s: GemmShape): number {
  const flops = gemmFlops(s);
  const intensityFlopsPerByte = flops / gemmBytes(s);
  const rooflineFlopsPerS = Math.min(fit.peakFlopsPerS, intensityFlopsPerByte * fit.memBytesPerS);
  const units = gemmParallelUnits(s);
  const efficiency = units / (units + fit.halfSaturationUnits);
  return fit.fixedS + flops / (rooflineFlopsPerS * efficiency);
}

/** A linear cost `latencyS + bytes / bytesPerS`. */
export const LinearFitSchema = z.object({ latencyS: nonNegative, bytesPerS: positive });
/** Fitted linear cost. */
export type LinearFit = z.infer<typeof LinearFitSchema>;

/** Predicted time of a linear cost for `bytes`, in seconds. */
export function predictLinearTimeS(fit: LinearFit, bytes: number): number {
  return fit.latencyS + bytes / fit.bytesPerS;
}

/** Median and spread of repeated trials, seconds. */
export const TrialStatsSchema = z.object({
  medianS: nonNegative,
  minS: nonNegative,
  maxS: nonNegative,
  relSpread: nonNegative.describe("(max − min) / median"),
  trials: z.number().int().positive(),
});

const role = z.enum(["fit", "heldout"]);
const verification = z.object({
  ok: z.boolean(),
  checkedElements: z.number().int().nonnegative(),
  maxAbsError: nonNegative,
  maxAllowedError: nonNegative.describe("largest error allowed at an element (f32 rounding bound)"),
});

/** Relative prediction errors on shapes the fit did not see. */
export const HeldOutSchema = z.object({
  count: z.number().int().nonnegative(),
  medianAbsRelError: nonNegative,
  maxAbsRelError: nonNegative,
});

/** The whole profile JSON. */
export const CalibrationProfileSchema = z.object({
  kind: z.literal("gpufleet-calibration"),
  version: z.literal(CALIBRATION_PROFILE_VERSION),
  createdAt: z.string().describe("ISO 8601 date of the run"),
  quick: z.boolean(),
  tool: z.object({ gpufleet: z.string(), node: z.string(), webgpu: z.string() }),
  adapter: z.object({
    vendor: z.string(),
    architecture: z.string(),
    device: z.string(),
    description: z.string(),
    isFallbackAdapter: z.boolean(),
    backend: z.string(),
  }),
  device: z
    .object({
      gpu: z.string().nullable().describe("catalog GPU the profile measured (null: a CPU driver or an adapter no rule maps)"),
      source: z.enum(["adapter", "option", "none"]).describe("adapter: mapped by the rules in cost/device-mapping.ts; option: gpufleet calibrate --as"),
      rule: z.string().describe("the rule's example name that matched, `cpu-driver`, `unrecognised` or `--as`"),
    })
    .optional()
    .describe("Which catalog GPU was measured (profiles older than this field: derived from `adapter`)."),
  dtype: z.literal("f32").default("f32").describe("element type the WGSL kernels computed in (4 bytes)"),
  tensorCores: z.literal(false).default(false).describe("WGSL kernels ran on the plain ALUs: no subgroup-matrix (tensor-core) instructions were used"),
  driver: z.object({
    name: z.string().describe("lavapipe, swiftshader, or the GPU vendor's driver"),
    source: z.enum(["system", "env", "option", "probed"]),
    icdPath: z.string().nullable(),
  }),
  timing: z.object({
    method: z.enum(["timestamp-query", "submitted-work-done"]),
    warmupRuns: z.number().int().nonnegative(),
    trials: z.number().int().positive(),
  }),
  measurements: z.object({
    gemm: z.array(
      z.object({
        m: z.number().int().positive(),
        n: z.number().int().positive(),
        k: z.number().int().positive(),
        kernel: z.enum(["tiled-shared", "tiled-register", "gemv-reduce", "gemv-row"]),
        role,
        dispatchesPerTrial: z.number().int().positive(),
        time: TrialStatsSchema,
        flopsPerS: nonNegative,
        verification,
      }),
    ),
    stream: z.array(
      z.object({
        kernel: z.enum(["copy", "triad"]),
        bytes: positive.describe("bytes read plus written per kernel"),
        time: TrialStatsSchema,
        bytesPerS: positive,
        verification,
      }),
    ),
    transfer: z.array(
      z.object({
        direction: z.enum(["hostToDevice", "deviceToHost"]),
        bytes: positive,
        role,
        time: TrialStatsSchema,
        bytesPerS: positive,
      }),
    ),
    launch: z.array(z.object({ dispatches: z.number().int().positive(), time: TrialStatsSchema })),
  }),
  fit: z.object({
    gemm: GemmFitSchema,
    memory: z.object({ bytesPerS: positive, copyBytesPerS: positive, triadBytesPerS: positive }),
    hostToDevice: LinearFitSchema,
    deviceToHost: LinearFitSchema,
    launch: z.object({ launchOverheadS: nonNegative, submitLatencyS: nonNegative }),
  }),
  heldOut: z.object({ gemm: HeldOutSchema, transfer: HeldOutSchema }),
});
/** A parsed calibration profile. */
export type CalibrationProfile = z.infer<typeof CalibrationProfileSchema>;

/** Validates parsed JSON as a profile; throws an Error naming the first bad field. */
export function parseCalibrationProfile(json: unknown, source = "calibration profile"): CalibrationProfile {
  const result = CalibrationProfileSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  throw new Error(`${source}: ${path}: ${issue?.message ?? "invalid"}`);
}

/** Reads and validates a profile JSON file. */
export function readCalibrationProfile(path: string): CalibrationProfile {
  return parseCalibrationProfile(JSON.parse(readFileSync(path, "utf8")) as unknown, path);
}

/** Cost functions of one calibrated device, in seconds. */
export interface CalibratedCost {
  /** The profile the functions come from (cost/profile-on-gpu.ts re-targets it to a catalog GPU). */
  profile: CalibrationProfile;
  /** Time of one f32 GEMM C[m×n] = A[m×k]·B[k×n]. */
  gemmTimeS(m: number, n: number, k: number): number;
  /** Time to stream `bytes` (read plus written) through device memory. */
  memoryTimeS(bytes: number): number;
  /** Time to copy `bytes` between host and device. */
  transferTimeS(bytes: number, direction?: "hostToDevice" | "deviceToHost"): number;
  /** Extra time of one more kernel launch in a batch. */
  launchOverheadS: number;
}

/** The cost functions fitted in a profile. */
export function calibratedCost(profile: CalibrationProfile): CalibratedCost {
  const { fit } = profile;
  return {
    profile,
    gemmTimeS: (m, n, k) => predictGemmTimeS(fit.gemm, { m, n, k }),
    memoryTimeS: (bytes) => bytes / fit.memory.bytesPerS,
    transferTimeS: (bytes, direction = "hostToDevice") => predictLinearTimeS(fit[direction], bytes),
    launchOverheadS: fit.launch.launchOverheadS,
  };
}
