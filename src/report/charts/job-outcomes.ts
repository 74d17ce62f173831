import type { ChartDefinition } from "./chart-definition.js";
import { BAR_STEP_PX, CHART_WIDTH_PX, chartFrame, formatCount } from "./theme.js";

/** Statuses in display order, with their colours; other statuses follow in grey. */
const STATUS_COLORS: readonly [string, string][] = [
  ["completed", "#59a14f"],
  ["unfinished", "#edc948"],
  ["rejected", "#e15759"],
  ["failed", "#9c2f2f"],
];
const OTHER_COLORS = ["#9a9a9a", "#bdbdbd", "#6f6f6f"];

/** Jobs per workload by final status (completed, unfinished, rejected, failed), stacked bars. */
export const jobOutcomesChart: ChartDefinition = {
  name: "job-outcomes",
  caption: "How every job ended, per workload: completed, still queued or running at the end of the run (unfinished), rejected at arrival, or failed.",
  build: (data) => {
    const jobs = data.jobs;
    if (jobs === null || jobs.workloads.length === 0 || !jobs.columns.includes("status")) return null;
    const counts = jobs.workloads.flatMap((w) => [...w.statusCounts].map(([status, jobCount]) => ({ workload: w.name, status, jobs: jobCount })));
    const known = STATUS_COLORS.map(([status]) => status);
    const present = new Set(counts.map((v) => v.status));
    const others = [...present].filter((s) => !known.includes(s)).sort();
    const domain = [...known.filter((s) => present.has(s)), ...others];
    const colorOf = new Map<string, string>(STATUS_COLORS);
    const range = domain.map((s, i) => colorOf.get(s) ?? OTHER_COLORS[i % OTHER_COLORS.length]!);
    // Bars show shares (a big workload would flatten the others); labels carry the job counts.
    const labelOf = new Map(jobs.workloads.map((w) => [w.name, `${w.name} (${formatCount(sum(w.statusCounts.values()))})`]));
    // Stack order is data, not an expression: names never reach Vega's expression parser.
    const values = counts.map((v) => ({ ...v, label: labelOf.get(v.workload)!, order: domain.indexOf(v.status) }));
    return {
      ...chartFrame("Job outcomes per workload (% of jobs)", [`${formatCount(jobs.rows)} jobs in jobs.csv; job counts in brackets`]),
      width: CHART_WIDTH_PX,
      height: { step: BAR_STEP_PX },
      data: { values },
      mark: { type: "bar" },
      encoding: {
        y: { field: "label", type: "nominal", title: "workload (jobs)", sort: [...labelOf.values()] },
        x: { field: "jobs", type: "quantitative", title: "share of the workload's jobs", stack: "normalize", axis: { format: ".0%" } },
        color: { field: "status", type: "nominal", title: "status", scale: { domain, range }, legend: { orient: "top" } },
        order: { field: "order", type: "quantitative" },
        tooltip: [{ field: "workload" }, { field: "status" }, { field: "jobs" }],
      },
    };
  },
};

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
