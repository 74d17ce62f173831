/**
 * CPU references that a kernel's result must match before its timing counts: seeded input data,
 * GEMM checked element by element (all elements for small shapes, a seeded sample for large ones)
 * against a float64 dot product within the f32 rounding bound, and the streaming kernels.
 */
import seedrandom from "seedrandom";
import type { GemmShape } from "../cost/calibration-profile.js";
import { TRIAD_SCALAR } from "./kernels/stream.wgsl.js";

/** Outcome of a check against a CPU reference. */
export interface Verification {
  ok: boolean;
  checkedElements: number;
  maxAbsError: number;
  maxAllowedError: number;
}

/** f32 unit roundoff (2^-24). */
const UNIT_ROUNDOFF_F32 = 2 ** -24;
/** Shapes with at most this many multiply-adds are checked at every element. */
const FULL_CHECK_MACS = 1 << 24;
/** Elements sampled from larger GEMM results. */
const SAMPLED_ELEMENTS = 512;

/** `count` seeded uniform numbers in [-1, 1). */
export function seededFloats(count: number, seed: string): Float32Array {
  const prng = seedrandom.alea(`gpufleet-calibrate:${seed}`);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = prng() * 2 - 1;
  return out;
}

/** Error of one C element and the bound that f32 accumulation in any order keeps to. */
function checkElement(a: Float32Array, b: Float32Array, c: Float32Array, s: GemmShape, row: number, col: number) {
  let exact = 0;
  let absSum = 0;
  for (let p = 0; p < s.k; p++) {
    const term = (a[row * s.k + p] ?? 0) * (b[p * s.n + col] ?? 0);
    exact += term;
    absSum += Math.abs(term);
  }
  // |fl(Σ) − Σ| ≤ γ_k Σ|a·b| with γ_k ≈ k·u; doubled for slack, plus a floor for tiny sums.
  const allowed = 2 * (s.k + 2) * UNIT_ROUNDOFF_F32 * absSum + 1e-6;
  return { error: Math.abs((c[row * s.n + col] ?? Number.NaN) - exact), allowed };
}

/** Checks C = A·B (row-major f32) at every element for small shapes, else at seeded samples. */
export function verifyGemm(a: Float32Array, b: Float32Array, c: Float32Array, s: GemmShape): Verification {
  const cells: [number, number][] = [];
  if (s.m * s.n * s.k <= FULL_CHECK_MACS) {
    for (let row = 0; row < s.m; row++) for (let col = 0; col < s.n; col++) cells.push([row, col]);
  } else {
    const prng = seedrandom.alea(`gpufleet-verify:${s.m}x${s.n}x${s.k}`);
    cells.push([0, 0], [s.m - 1, s.n - 1], [s.m - 1, 0], [0, s.n - 1]);
    while (cells.length < SAMPLED_ELEMENTS) cells.push([Math.floor(prng() * s.m), Math.floor(prng() * s.n)]);
  }
  let ok = c.length === s.m * s.n;
  let maxAbsError = 0;
  let maxAllowedError = 0;
  for (const [row, col] of cells) {
    const { error, allowed } = checkElement(a, b, c, s, row, col);
    if (!(error <= allowed)) ok = false;
    maxAbsError = Math.max(maxAbsError, Number.isFinite(error) ? error : Number.MAX_VALUE);
    maxAllowedError = Math.max(maxAllowedError, allowed);
  }
  return { ok, checkedElements: cells.length, maxAbsError, maxAllowedError };
}

/** Checks a streaming kernel's output at every element: copy `out = b`, triad `out = b + s·c`. */
export function verifyStream(kernel: "copy" | "triad", b: Float32Array, c: Float32Array, out: Float32Array): Verification {
  let ok = out.length === b.length;
  let maxAbsError = 0;
  let maxAllowedError = 0;
  for (let i = 0; i < out.length; i++) {
    const bi = b[i] ?? 0;
    const expected = kernel === "copy" ? bi : bi + TRIAD_SCALAR * (c[i] ?? 0);
    // A triad may be fused (one rounding) or not (two); either stays within 2 ulp of the result.
    const allowed = kernel === "copy" ? 0 : 2 * UNIT_ROUNDOFF_F32 * (Math.abs(bi) + Math.abs(TRIAD_SCALAR * (c[i] ?? 0)));
    const error = Math.abs((out[i] ?? Number.NaN) - expected);
    if (!(error <= allowed)) ok = false;
    if (error > maxAbsError || Number.isNaN(error)) maxAbsError = Number.isNaN(error) ? Number.MAX_VALUE : error;
    if (allowed > maxAllowedError) maxAllowedError = allowed;
  }
  return { ok, checkedElements: out.length, maxAbsError, maxAllowedError };
}

/** Cheap deterministic streaming input: values exact in f32, distinct per index modulo 4096. */
export function patternFloats(count: number, offset: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = ((i + offset) % 4096) / 256 - 8;
  return out;
}
