import { meanOf, quantileSorted } from "../float-list.js";
import type { ChartDefinition } from "./chart-definition.js";
import { populationText } from "./job-latency-cdf.js";
import { withN } from "../figure-format.js";
import { axisDataOf, chooseAxisScale, NICE_TICKS_S, niceFloor, ticksIn } from "./axis-scale.js";
import { BAR_STEP_PX, CATEGORY_COLORS, chartFrame, DURATION_LABEL_EXPR, durationUnitFor } from "./theme.js";

/** Mean and p90 of wait time and JCT per workload, as grouped horizontal bars in two panels. */
export const workloadLatencyChart: ChartDefinition = {
  name: "workload-latency",
  caption: "Mean and 90th percentile of wait time and job completion time for each workload (completed jobs after the warm-up).",
  build: (data) => {
    const jobs = data.jobs;
    if (jobs === null || !jobs.columns.includes("waitS") || !jobs.columns.includes("jctS")) return null;
    const rows: { workload: string; metric: string; statistic: string; valueS: number }[] = [];
    let count = 0;
    for (const w of jobs.workloads) {
      count += w.waitS.length;
      for (const [metric, sorted] of [["wait time", w.waitS], ["job completion time", w.jctS]] as const) {
        if (sorted.length === 0) continue;
        const workload = withN(w.name, sorted.length);
        rows.push({ workload, metric, statistic: "mean", valueS: meanOf(sorted) });
        rows.push({ workload, metric, statistic: "p90", valueS: quantileSorted(sorted, 0.9) });
      }
    }
    if (rows.length === 0) return null;
    // Wide spreads (a 10 s wait beside a 10 h JCT) get a symlog axis: bars need 0 in the domain, which log lacks.
    const axis = axisDataOf(rows.map((r) => r.valueS));
    const wide = chooseAxisScale(axis).kind !== "linear";
    const unit = wide ? { seconds: 1, label: "s", name: "seconds (symlog scale)" } : durationUnitFor(axis.max);
    const constant = niceFloor(axis.minPositive ?? 1);
    // Explicit nice ticks (0, 10 s, 1 min, ... up to the largest value): Vega's own symlog ticks are unreadable.
    const ticks = [0, ...ticksIn(constant, NICE_TICKS_S.find((t) => t >= axis.max) ?? axis.max)];
    const scaled = wide ? { scale: { type: "symlog" as const, constant }, axis: { values: ticks, labelExpr: DURATION_LABEL_EXPR, labelOverlap: true } } : {};
    const values = rows.map((r) => ({ ...r, value: r.valueS / unit.seconds }));
    const workloads = [...new Set(rows.map((r) => r.workload))];
    // (Workload labels carry their population: "train (n=22)".)
    return {
      ...chartFrame(`Wait and completion time per workload (${unit.label})`, [populationText(count, jobs.warmupS)]),
      data: { values },
      facet: { column: { field: "metric", type: "nominal", title: null, sort: ["wait time", "job completion time"] } },
      spec: {
        width: 300,
        height: { step: BAR_STEP_PX },
        mark: { type: "bar", cornerRadiusEnd: 2 },
        encoding: {
          y: { field: "workload", type: "nominal", title: "workload", sort: workloads },
          yOffset: { field: "statistic", type: "nominal", sort: ["mean", "p90"] },
          x: { field: "value", type: "quantitative", title: unit.name, ...scaled },
          color: {
            field: "statistic",
            type: "nominal",
            title: "statistic",
            scale: { domain: ["mean", "p90"], range: [CATEGORY_COLORS[0]!, CATEGORY_COLORS[1]!] },
            legend: { orient: "top" },
          },
          tooltip: [{ field: "workload" }, { field: "statistic" }, { field: "value", format: ".3~g", title: unit.label }],
        },
      },
      resolve: { scale: { x: "independent" } },
    };
  },
};
