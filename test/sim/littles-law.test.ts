import { describe, expect, it } from "vitest";
import { timeseriesColumns } from "../../src/metrics/timeseries.js";
import { mmcDocument, runInMemory, scenarioFrom } from "../helpers.js";

describe("Little's law on the outputs", () => {
  it("time-average jobs in system (timeseries.csv) equals throughput x mean JCT (jobs.csv)", async () => {
    const document = mmcDocument(4, 3.2, 1, 100_000, 5);
    document.horizon = { warmupS: 0 };
    document.report = { sampleIntervalS: 0.25 };
    const { jobs, timeseries, summary } = await runInMemory(scenarioFrom(document));
    const spanS = summary.simulatedS;
    // L from the sampled state: queued + running, averaged over evenly spaced samples.
    const columns = timeseriesColumns(false);
    const queued = columns.indexOf("queuedJobs");
    const running = columns.indexOf("runningJobs");
    const inSystem = timeseries.slice(0, -1).map((r) => Number(r[queued]) + Number(r[running]));
    const sampledL = inSystem.reduce((a, b) => a + b, 0) / inSystem.length;
    // lambda * W from the per-job rows.
    const jct = jobs.map((r) => Number(r[8]));
    const lambdaW = (jct.length / spanS) * (jct.reduce((a, b) => a + b, 0) / jct.length);
    expect(Math.abs(sampledL - lambdaW) / lambdaW).toBeLessThan(0.02);
    // And the queue alone: Lq = lambda * Wq.
    const sampledLq = timeseries.slice(0, -1).reduce((a, r) => a + Number(r[queued]), 0) / inSystem.length;
    const lambdaWq = (jct.length / spanS) * (summary.jobs.waitS.mean as number);
    expect(Math.abs(sampledLq - lambdaWq) / lambdaWq).toBeLessThan(0.03);
  });
});
