import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";

function take(streams: RngStreams, name: string, n: number): number[] {
  const s = streams.stream(name);
  return Array.from({ length: n }, () => s.next());
}

/** Pearson correlation of two equal-length samples. */
function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((x, y) => x + y, 0) / n;
  const mb = b.reduce((x, y) => x + y, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe("RngStreams", () => {
  it("same seed and name give the same sequence, across instances", () => {
    expect(take(new RngStreams(7), "arrivals:chat", 1000)).toEqual(take(new RngStreams(7), "arrivals:chat", 1000));
  });

  it("stream(name) returns the same stream object, continuing where it left off", () => {
    const rng = new RngStreams(7);
    const first = take(rng, "a", 5);
    const next = take(rng, "a", 5);
    expect(rng.stream("a")).toBe(rng.stream("a"));
    expect([...first, ...next]).toEqual(take(new RngStreams(7), "a", 10));
  });

  it("different seeds or names give different sequences", () => {
    const base = take(new RngStreams(7), "a", 100);
    expect(take(new RngStreams(8), "a", 100)).not.toEqual(base);
    expect(take(new RngStreams(7), "b", 100)).not.toEqual(base);
    expect(take(new RngStreams(7), "a ", 100)).not.toEqual(base);
  });

  it("different names are statistically independent (no correlation, no shared values)", () => {
    const n = 20_000;
    const a = take(new RngStreams(1), "arrivals:chat", n);
    const b = take(new RngStreams(1), "arrivals:code", n);
    // For independent uniforms the sample correlation is ~N(0, 1/n); 5 sigma = 5/sqrt(n).
    expect(Math.abs(correlation(a, b))).toBeLessThan(5 / Math.sqrt(n));
    // Lagged: b is not a shifted copy of a.
    expect(Math.abs(correlation(a.slice(1), b.slice(0, -1)))).toBeLessThan(5 / Math.sqrt(n));
    const setA = new Set(a);
    const shared = b.filter((x) => setA.has(x)).length;
    expect(shared).toBeLessThan(5); // 2^-32 resolution: ~0.1 coincidences expected
  });

  it("creating and consuming other streams does not change a stream's numbers", () => {
    const alone = take(new RngStreams(42), "failures:gpu", 500);
    const busy = new RngStreams(42);
    take(busy, "arrivals", 1234);
    const s = busy.stream("failures:gpu");
    const mixed: number[] = [];
    for (let i = 0; i < 500; i++) {
      mixed.push(s.next());
      if (i % 7 === 0) take(busy, `noise:${i}`, 3);
      busy.stream("arrivals").next();
    }
    expect(mixed).toEqual(alone);
  });

  it("values lie in [0, 1) and are roughly uniform", () => {
    const s = new RngStreams(3).stream("u");
    const n = 200_000;
    const bins = new Array<number>(20).fill(0);
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = s.next();
      expect(u >= 0 && u < 1).toBe(true);
      if (u < min) min = u;
      if (u > max) max = u;
      bins[Math.floor(u * 20)] = (bins[Math.floor(u * 20)] as number) + 1;
    }
    expect(min).toBeLessThan(1e-3);
    expect(max).toBeGreaterThan(1 - 1e-3);
    // Chi-square with 19 degrees of freedom: P(X > 50) ~ 1e-4.
    const expected = n / 20;
    const chi2 = bins.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(50);
  });
});
