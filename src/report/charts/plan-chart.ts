/**
 * The chart of a capacity plan (`gpufleet plan --out`): each target metric against the varied
 * field, mean over seeds with its 95 % confidence interval as error bars, the target as a dashed
 * rule and the answer (the smallest value meeting every target) as a vertical rule; one line per
 * GPU type with --compare-gpus. One panel per target, stacked.
 */
import type { ChartSpec } from "../render-svg.js";
import { CATEGORY_COLORS, CHART_HEIGHT_PX, CHART_WIDTH_PX, chartConfig, NEUTRAL_COLOR } from "./theme.js";

/** A metric's mean and interval at one candidate. */
export interface PlanChartValue {
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

/** One searched series: a GPU type (or the scenario as written) and its candidates. */
export interface PlanChartSeries {
  /** GPU type, or null for the scenario's own. */
  gpu: string | null;
  /** The smallest meeting value, null when none meets. */
  answer: number | null;
  /** Evaluated candidates. */
  candidates: readonly { value: number; metrics: Readonly<Record<string, PlanChartValue>> }[];
}

/** What the chart needs. */
export interface PlanChartInput {
  /** The varied field (`cluster.nodes.0.count`). */
  vary: string;
  /** Targets, in order: one panel each. */
  targets: readonly { path: string; op: "<=" | ">="; value: number; text: string }[];
  /** Searched series. */
  series: readonly PlanChartSeries[];
  /** Seeds per candidate (for the subtitle). */
  seeds: number;
}

/** Spread (max / min of positive values) above which the metric axis turns logarithmic. */
const LOG_SPREAD = 30;

/** Colour of target rules. */
const TARGET_COLOR = "#c0392b";

/** The Vega-Lite spec of a plan. */
export function planChartSpec(input: PlanChartInput): ChartSpec {
  const names = input.series.map((s) => s.gpu ?? "fleet");
  const colors = { domain: names, range: CATEGORY_COLORS.slice(0, Math.max(1, names.length)) };
  const showLegend = input.series.length > 1;
  const candidateCount = input.series.reduce((n, s) => n + s.candidates.length, 0);
  const panels = input.targets.map((target) => {
    const rows = input.series.flatMap((s, i) =>
      s.candidates
        .map((c) => ({ series: names[i] as string, value: c.value, ...(c.metrics[target.path] ?? { mean: null, ciLow: null, ciHigh: null }) }))
        .filter((r) => r.mean !== null)
        .sort((a, b) => a.value - b.value),
    );
    const positives = rows.flatMap((r) => [r.mean, r.ciLow, r.ciHigh]).filter((v): v is number => v !== null);
    const useLog = positives.length > 0 && positives.every((v) => v > 0) && target.value > 0 && Math.max(...positives, target.value) / Math.min(...positives, target.value) > LOG_SPREAD;
    const y = { type: "quantitative" as const, title: target.path, scale: useLog ? { type: "log" as const } : { zero: false } };
    const x = { field: "value", type: "quantitative" as const, title: input.vary, scale: { zero: false }, axis: { tickMinStep: 1 } };
    const color = { field: "series", type: "nominal" as const, title: "GPU", scale: colors, legend: showLegend ? {} : null };
    const answers = input.series.flatMap((s, i) => (s.answer === null ? [] : [{ series: names[i] as string, answer: s.answer, label: `answer ${s.answer}${showLegend ? ` (${names[i]})` : ""}`, labelYPx: 4 + 14 * i }]));
    return {
      title: { text: `${target.path} vs ${input.vary}`, subtitle: [`target ${target.text}${useLog ? "; log scale" : ""}`] },
      width: CHART_WIDTH_PX,
      height: CHART_HEIGHT_PX,
      layer: [
        {
          data: { values: rows.filter((r) => r.ciLow !== null && r.ciHigh !== null) },
          mark: { type: "rule", strokeWidth: 1.5 },
          encoding: { x, y: { ...y, field: "ciLow" }, y2: { field: "ciHigh" }, color },
        },
        {
          data: { values: rows },
          mark: { type: "line", point: { filled: true, size: 45 } },
          encoding: {
            x,
            y: { ...y, field: "mean" },
            color,
            tooltip: [{ field: "series" }, { field: "value" }, { field: "mean" }, { field: "ciLow" }, { field: "ciHigh" }],
          },
        },
        {
          data: { values: [{ target: target.value, label: `target ${target.text}` }] },
          layer: [
            { mark: { type: "rule", strokeDash: [6, 4], color: TARGET_COLOR, strokeWidth: 1.5 }, encoding: { y: { field: "target", type: "quantitative" } } },
            {
              mark: { type: "text", align: "right", baseline: "bottom", dx: -4, dy: -3, color: TARGET_COLOR, fontSize: 11 },
              encoding: { y: { field: "target", type: "quantitative" }, x: { value: CHART_WIDTH_PX }, text: { field: "label" } },
            },
          ],
        },
        {
          data: { values: answers },
          layer: [
            { mark: { type: "rule", strokeDash: [2, 3], strokeWidth: 1.5 }, encoding: { x: { field: "answer", type: "quantitative" }, color } },
            {
              mark: { type: "text", align: "left", baseline: "top", dx: 4, fontSize: 11, color: NEUTRAL_COLOR },
              // One label row per series (pixels from the top), so answers close together stay readable.
              encoding: { x: { field: "answer", type: "quantitative" }, y: { field: "labelYPx", type: "quantitative", scale: null }, text: { field: "label" } },
            },
          ],
        },
      ],
      resolve: { scale: { y: "shared" } },
    };
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `Capacity plan: ${input.vary}`,
      subtitle: [`mean of ${input.seeds} seed${input.seeds === 1 ? "" : "s"} per candidate with 95 % confidence intervals; ${candidateCount} candidates evaluated`],
    },
    config: chartConfig,
    vconcat: panels,
  } as ChartSpec;
}
