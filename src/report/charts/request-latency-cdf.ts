import { mergeSorted } from "../float-list.js";
import type { RunData } from "../run-data.js";
import type { ChartSpec } from "../render-svg.js";
import { type CdfRule, cdfChartSpec } from "./cdf-chart.js";
import { formatCount, formatDurationS } from "./theme.js";

/** A request latency of requests.csv and summary.json. */
export type RequestLatency = "ttftS" | "tpotS" | "e2eS";

/**
 * A CDF of one request latency from requests.csv: overall and per service, with a dashed line at
 * each service's SLO target for it (the scenario's; one per distinct class target).
 */
export function requestLatencyCdf(data: RunData, latency: RequestLatency, title: string, quantity: string): ChartSpec | null {
  const requests = data.requests;
  if (requests === null) return null;
  const withValues = requests.services.filter((s) => s[latency].length > 0);
  const overall = mergeSorted(withValues.map((s) => s[latency]));
  if (overall.length === 0) return null;
  const warmupS = data.scenario.warmupS;
  const population = `${formatCount(overall.length)} completed request${overall.length === 1 ? "" : "s"}${warmupS > 0 ? ` that arrived after the ${formatDurationS(warmupS)} warm-up` : ""}`;
  const groups = withValues.map((s) => ({ name: s.name, sortedS: s[latency] }));
  const coloured = groups.length >= 2;
  const rules: CdfRule[] = [];
  for (const service of data.scenario.services) {
    const targets = [...new Set(service.classes.map((c) => c.slo[latency]).filter((v): v is number => v !== undefined))].sort((a, b) => a - b);
    for (const valueS of targets) rules.push({ valueS, label: `SLO ${service.name} ${formatDurationS(valueS)}`, ...(coloured ? { series: service.name } : {}) });
  }
  // The subtitle states summary.json's p50/p99 (the key figures') when it counts the same requests.
  const stats = (data.summary.raw.requests as Record<RequestLatency, { count?: number; p50?: number | null; p99?: number | null } | undefined> | undefined)?.[latency];
  const summaryStats = stats !== undefined && stats.count === overall.length ? { p50: stats.p50 ?? null, p99: stats.p99 ?? null } : undefined;
  return cdfChartSpec({
    title,
    quantity,
    population,
    overall: { name: "all requests", sortedS: overall },
    groups,
    groupLabel: "service",
    unitNoun: "requests",
    rules,
    ...(summaryStats === undefined ? {} : { summaryStats }),
  });
}
