import { afterAll, describe, expect, it } from "vitest";
import { mmcDocument, runInMemory, scenarioFrom } from "../helpers.js";

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda/mu Erlang. */
function erlangC(c: number, a: number): number {
  // Erlang B by the stable recursion B(0)=1, B(k) = a B(k-1) / (k + a B(k-1)); then C from B.
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

/** Analytic M/M/c waiting-time figures. */
function mmcTheory(c: number, lambda: number, mu: number) {
  const pWait = erlangC(c, lambda / mu);
  const drainRate = c * mu - lambda; // P(W > t) = C exp(-(c mu - lambda) t)
  const quantile = (q: number) => (pWait > 1 - q ? Math.log(pWait / (1 - q)) / drainRate : 0);
  return { pWait, meanWaitS: pWait / drainRate, p99WaitS: quantile(0.99), p90WaitS: quantile(0.9), utilization: lambda / (c * mu) };
}

// (c, rho, jobs): enough jobs that the batch-means standard error of the mean wait is ~1 %.
const cases: [number, number, number][] = [
  [1, 0.5, 200_000],
  [2, 0.7, 200_000],
  [4, 0.8, 300_000],
  [8, 0.9, 600_000],
  [16, 0.85, 400_000],
];

describe("M/M/c against Erlang C", () => {
  const table: string[] = [];
  it.each(cases)("c=%i rho=%f", async (c, rho, count) => {
    const mu = 1;
    const lambda = rho * c * mu;
    const theory = mmcTheory(c, lambda, mu);
    const { summary } = await runInMemory(scenarioFrom(mmcDocument(c, lambda, 1 / mu, count, 11)));
    const jobs = summary.jobs;
    expect(jobs.completed).toBe(count);
    const meanWait = jobs.waitS.mean as number;
    const p99 = jobs.waitS.p99 as number;
    table.push(
      `c=${c} rho=${rho}: P(wait) ${jobs.probWait?.toFixed(4)} vs ${theory.pWait.toFixed(4)}, ` +
        `Wq ${meanWait.toFixed(4)} vs ${theory.meanWaitS.toFixed(4)} s, p99 ${p99.toFixed(3)} vs ${theory.p99WaitS.toFixed(3)} s`,
    );
    // Tolerances: about 3 standard errors of a run this long. Waits are autocorrelated, so the
    // spread across seeds is what sets them (c=2, rho=0.7, 200k jobs: p99 varies by about +-4 %).
    expect(Math.abs((jobs.probWait as number) - theory.pWait)).toBeLessThan(0.015);
    expect(Math.abs(meanWait - theory.meanWaitS) / theory.meanWaitS).toBeLessThan(0.06);
    expect(Math.abs(p99 - theory.p99WaitS) / theory.p99WaitS).toBeLessThan(0.08);
    expect(Math.abs(summary.gpus.allocatedFraction - theory.utilization)).toBeLessThan(0.01);
  });
  // The comparison, for the notes (not a test of its own: the cases above assert).
  afterAll(() => {
    if (process.env.PRINT_TABLE) console.log(`Erlang C comparison:\n${table.join("\n")}`);
  });
});
