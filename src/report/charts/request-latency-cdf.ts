import { mergeSorted } from "../float-list.js";
import type { RunData } from "../run-data.js";
import type { ChartSpec } from "../render-svg.js";
import { cdfChartSpec } from "./cdf-chart.js";
import { formatCount, formatDurationS } from "./theme.js";

/** A CDF of one request latency (TTFT or TPOT) from requests.csv: overall and per service. */
export function requestLatencyCdf(data: RunData, latency: "ttftS" | "tpotS", title: string, quantity: string): ChartSpec | null {
  const requests = data.requests;
  if (requests === null) return null;
  const withValues = requests.services.filter((s) => s[latency].length > 0);
  const overall = mergeSorted(withValues.map((s) => s[latency]));
  if (overall.length === 0) return null;
  const warmupS = data.scenario.warmupS;
  const population = `${formatCount(overall.length)} completed request${overall.length === 1 ? "" : "s"}${warmupS > 0 ? ` that arrived after the ${formatDurationS(warmupS)} warm-up` : ""}`;
  return cdfChartSpec({
    title,
    quantity,
    population,
    overall: { name: "all requests", sortedS: overall },
    groups: withValues.map((s) => ({ name: s.name, sortedS: s[latency] })),
    groupLabel: "service",
    unitNoun: "requests",
  });
}
