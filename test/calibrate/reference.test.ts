import { describe, expect, it } from "vitest";
import { patternFloats, seededFloats, verifyGemm, verifyStream } from "../../src/calibrate/reference.js";
import type { GemmShape } from "../../src/cost/calibration-profile.js";

/** C = A·B accumulated in f32, in order, as a GPU kernel would. */
function f32Gemm(a: Float32Array, b: Float32Array, s: GemmShape): Float32Array {
  const c = new Float32Array(s.m * s.n);
  for (let i = 0; i < s.m; i++)
    for (let j = 0; j < s.n; j++) {
      let acc = 0;
      for (let p = 0; p < s.k; p++) acc = Math.fround(acc + Math.fround((a[i * s.k + p] ?? 0) * (b[p * s.n + j] ?? 0)));
      c[i * s.n + j] = acc;
    }
  return c;
}

describe("verifyGemm", () => {
  it("accepts an f32 product at every element of a small shape", () => {
    const s = { m: 33, n: 17, k: 129 };
    const a = seededFloats(s.m * s.k, "a");
    const b = seededFloats(s.k * s.n, "b");
    const v = verifyGemm(a, b, f32Gemm(a, b, s), s);
    expect(v.ok).toBe(true);
    expect(v.checkedElements).toBe(s.m * s.n);
    expect(v.maxAbsError).toBeLessThanOrEqual(v.maxAllowedError);
  });

  it("rejects a result with one wrong element, and one with the wrong length", () => {
    const s = { m: 16, n: 16, k: 16 };
    const a = seededFloats(256, "a2");
    const b = seededFloats(256, "b2");
    const c = f32Gemm(a, b, s);
    c[37] = (c[37] ?? 0) + 0.01;
    expect(verifyGemm(a, b, c, s).ok).toBe(false);
    expect(verifyGemm(a, b, c.subarray(0, 255), s).ok).toBe(false);
  });

  it("samples large shapes deterministically and catches a wrong column", () => {
    const s = { m: 300, n: 300, k: 256 };
    const a = seededFloats(s.m * s.k, "a3");
    const b = seededFloats(s.k * s.n, "b3");
    const c = f32Gemm(a, b, s);
    const v = verifyGemm(a, b, c, s);
    expect(v.ok).toBe(true);
    expect(v.checkedElements).toBe(512);
    for (let i = 0; i < s.m; i++) c[i * s.n + 5] = 0;
    expect(verifyGemm(a, b, c, s).ok).toBe(false);
  });

  it("seeded inputs are reproducible and in [-1, 1)", () => {
    const x = seededFloats(1000, "same");
    expect(Array.from(x)).toEqual(Array.from(seededFloats(1000, "same")));
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...x)).toBeLessThan(1);
  });
});

describe("verifyStream", () => {
  const b = patternFloats(4096, 0);
  const c = patternFloats(4096, 7);
  it("accepts exact copy and triad results", () => {
    expect(verifyStream("copy", b, c, b.slice()).ok).toBe(true);
    const triad = b.map((x, i) => x + 3 * (c[i] ?? 0));
    expect(verifyStream("triad", b, c, triad).ok).toBe(true);
  });
  it("rejects a wrong element", () => {
    const out = b.slice();
    out[100] = 1e6;
    expect(verifyStream("copy", b, c, out).ok).toBe(false);
  });
});
