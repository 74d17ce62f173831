/**
 * Builds the versioned calibration profile from measurements (fitting the cost model and its
 * held-out error on the way), validates it with the shared schema, and writes it atomically.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  CALIBRATION_PROFILE_VERSION,
  type CalibrationProfile,
  CalibrationProfileSchema,
  predictGemmTimeS,
  predictLinearTimeS,
} from "../cost/calibration-profile.js";
import { type AdapterStrings, catalogGpuOfAdapter } from "../cost/device-mapping.js";
import { projectRoot } from "./adapter.js";
import { fitGemm, fitLaunch, fitLinear, heldOutError } from "./fit.js";
import type { GemmMeasurement } from "./gemm-bench.js";
import type { LaunchMeasurement, StreamMeasurement } from "./stream-bench.js";
import type { TransferMeasurement } from "./transfer-bench.js";

/** Everything measured in one calibration. */
export interface Measurements {
  gemm: GemmMeasurement[];
  stream: StreamMeasurement[];
  transfer: TransferMeasurement[];
  launch: LaunchMeasurement[];
}

/** The profile's fields other than measurements, fit and held-out error. */
export type ProfileHeader = Pick<CalibrationProfile, "quick" | "adapter" | "driver" | "timing"> & Partial<Pick<CalibrationProfile, "device">>;

/** Fits the cost model and its held-out errors; only verified kernels count. */
export function fitMeasurements(ms: Measurements): Pick<CalibrationProfile, "fit" | "heldOut"> {
  const verified = ms.gemm.filter((g) => g.verification.ok);
  const gemmPoint = (g: GemmMeasurement) => ({ m: g.m, n: g.n, k: g.k, timeS: g.time.medianS });
  const gemm = fitGemm(verified.filter((g) => g.role === "fit").map(gemmPoint));
  const gemmHeld = verified.filter((g) => g.role === "heldout");
  const transferFit = (direction: TransferMeasurement["direction"], role: "fit" | "heldout") =>
    ms.transfer.filter((t) => t.direction === direction && t.role === role);
  const toPoint = (t: TransferMeasurement) => ({ bytes: t.bytes, timeS: t.time.medianS });
  const hostToDevice = fitLinear(transferFit("hostToDevice", "fit").map(toPoint));
  const deviceToHost = fitLinear(transferFit("deviceToHost", "fit").map(toPoint));
  const heldTransfers = [...transferFit("hostToDevice", "heldout"), ...transferFit("deviceToHost", "heldout")];
  const streamBytesPerS = (kernel: "copy" | "triad") =>
    Math.max(0, ...ms.stream.filter((s) => s.kernel === kernel && s.verification.ok).map((s) => s.bytesPerS));
  const copyBytesPerS = streamBytesPerS("copy");
  const triadBytesPerS = streamBytesPerS("triad");
  return {
    fit: {
      gemm,
      memory: { bytesPerS: Math.max(copyBytesPerS, triadBytesPerS), copyBytesPerS, triadBytesPerS },
      hostToDevice,
      deviceToHost,
      launch: fitLaunch(ms.launch.map((l) => ({ dispatches: l.dispatches, timeS: l.time.medianS }))),
    },
    heldOut: {
      gemm: heldOutError(
        gemmHeld.map((g) => predictGemmTimeS(gemm, g)),
        gemmHeld.map((g) => g.time.medianS),
      ),
      transfer: heldOutError(
        heldTransfers.map((t) => predictLinearTimeS(t.direction === "hostToDevice" ? hostToDevice : deviceToHost, t.bytes)),
        heldTransfers.map((t) => t.time.medianS),
      ),
    },
  };
}

function packageVersion(path: string): string {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as { version?: unknown };
    return typeof parsed.version === "string" ? parsed.version : "unknown";
  } catch {
    return "unknown";
  }
}

/** The profile's `device` block: the `--as` GPU when given, else the catalog GPU the adapter maps to (or none). */
export function deviceOf(adapter: AdapterStrings, asGpu: string | undefined): NonNullable<CalibrationProfile["device"]> {
  if (asGpu !== undefined) return { gpu: asGpu, source: "option", rule: "--as" };
  const match = catalogGpuOfAdapter(adapter);
  return match.gpu === null ? { gpu: null, source: "none", rule: match.rule } : { gpu: match.gpu, source: "adapter", rule: match.rule };
}

/**
 * Version of the optional `webgpu` package as Node resolves it (beside gpufleet, or hoisted into an
 * installing project's node_modules); "unknown" when it is absent, which a profile can still record.
 */
function webgpuVersion(): string {
  try {
    return packageVersion(createRequire(import.meta.url).resolve("webgpu/package.json"));
  } catch {
    return "unknown";
  }
}

/** Assembles and validates a profile dated now. */
export function buildProfile(header: ProfileHeader, ms: Measurements): CalibrationProfile {
  const root = projectRoot();
  const profile: CalibrationProfile = {
    kind: "gpufleet-calibration",
    version: CALIBRATION_PROFILE_VERSION,
    createdAt: new Date().toISOString(),
    ...header,
    device: header.device ?? deviceOf(header.adapter, undefined),
    // WGSL kernels compute in f32 on the plain ALUs: no subgroup-matrix (tensor-core) path is used.
    dtype: "f32",
    tensorCores: false,
    tool: {
      gpufleet: packageVersion(join(root, "package.json")),
      node: process.versions.node,
      webgpu: webgpuVersion(),
    },
    measurements: ms,
    ...fitMeasurements(ms),
  };
  return CalibrationProfileSchema.parse(profile);
}

/** Writes the profile as pretty JSON through a temporary file, so a reader never sees half of it. */
export function writeProfile(path: string, profile: CalibrationProfile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(profile, null, 2)}\n`);
  renameSync(tmp, path);
}
