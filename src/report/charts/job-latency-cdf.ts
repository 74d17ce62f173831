import { mergeSorted } from "../float-list.js";
import { ALL_JOBS, type WorkloadJobs } from "../jobs-data.js";
import type { RunData } from "../run-data.js";
import type { ChartSpec } from "../render-svg.js";
import { cdfChartSpec } from "./cdf-chart.js";
import { formatCount, formatDurationS } from "./theme.js";

/** Which per-job latency a CDF shows. */
export type JobLatency = "waitS" | "jctS";

/** A CDF of one job latency: overall and per workload (the shared part of wait-cdf and jct-cdf). */
export function jobLatencyCdf(data: RunData, latency: JobLatency, title: string, quantity: string): ChartSpec | null {
  const jobs = data.jobs;
  if (jobs === null || !jobs.columns.includes(latency)) return null;
  const withValues = jobs.workloads.filter((w) => w[latency].length > 0);
  const overall = mergeSorted(withValues.map((w) => w[latency]));
  // The subtitle states summary.json's p50/p99 (the key figures') when it counts the same jobs.
  const stats = data.summary.jobs?.[latency];
  const summaryStats = stats !== undefined && stats.count === overall.length ? { p50: stats.p50, p99: stats.p99 } : undefined;
  return cdfChartSpec({
    ...(summaryStats === undefined ? {} : { summaryStats }),
    title,
    quantity,
    population: populationText(overall.length, jobs.warmupS),
    overall: { name: ALL_JOBS, sortedS: overall },
    groups: withValues.map((w: WorkloadJobs) => ({ name: w.name, sortedS: w[latency] })),
    groupLabel: "workload",
  });
}

/** "2,592 completed jobs submitted after the 1 h warm-up". */
export function populationText(count: number, warmupS: number): string {
  const jobs = `${formatCount(count)} completed job${count === 1 ? "" : "s"}`;
  return warmupS > 0 ? `${jobs} submitted after the ${formatDurationS(warmupS)} warm-up` : jobs;
}

