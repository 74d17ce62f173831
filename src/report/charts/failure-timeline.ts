import type { ChartDefinition } from "./chart-definition.js";
import { CHART_HEIGHT_PX, CHART_WIDTH_PX, chartFrame, durationUnitFor, formatCount } from "./theme.js";

const FAILED_COLOR = "#333333";
const EVENT_COLORS: Record<string, string> = { fail: "#e15759", repair: "#59a14f", unrepaired: "#b07aa1" };
const DOWN_COLOR = "#4e79a7";
const REEXECUTED_COLOR = "#f28e2b";

/** Failed GPUs over time with every failure and repair marked, and the GPU-hours lost so far. */
export const failureTimelineChart: ChartDefinition = {
  name: "failure-timeline",
  caption:
    "Top: GPUs failed over simulated time (from failures.csv, exact at every event), each failure (red) and repair (green) marked at the GPUs failed right after it. " +
    "Bottom: cumulative GPU-hours lost: capacity down (failed GPUs × time, the failures block's lostGpuHours) and work re-executed by interrupted jobs (reexecutedGpuHours).",
  build: (data) => {
    const f = data.failures;
    if (f === null || f.events.length === 0) return null;
    const endS = data.summary.simulatedS;
    const unit = durationUnitFor(Math.max(endS, f.events[f.events.length - 1]?.timeS ?? 0));
    const t = (s: number): number => s / unit.seconds;
    const x = { field: "t", type: "quantitative" as const, title: `simulated time (${unit.label})`, scale: { domain: [0, t(endS)], nice: false } };
    const counts: Record<string, number> = {};
    for (const e of f.events) counts[e.event] = (counts[e.event] ?? 0) + 1;
    const eventLabel = (event: string): string => `${event} (n = ${formatCount(counts[event] ?? 0)})`;
    const kinds = Object.entries(f.failsByKind).map(([kind, n]) => `${kind} ${formatCount(n)}`).join(", ");
    const failedLabel = "GPUs failed";
    const eventNames = Object.keys(EVENT_COLORS).filter((e) => (counts[e] ?? 0) > 0);
    const topColor = {
      field: "series",
      type: "nominal" as const,
      title: null,
      scale: { domain: [failedLabel, ...eventNames.map(eventLabel)], range: [FAILED_COLOR, ...eventNames.map((e) => EVENT_COLORS[e] as string)] },
      legend: { orient: "top" as const, direction: "horizontal" as const, labelLimit: 480 },
    };
    const steps = [{ t: 0, series: failedLabel, value: 0 }, ...f.events.map((e) => ({ t: t(e.timeS), series: failedLabel, value: e.failedGpus }))];
    steps.push({ t: t(endS), series: failedLabel, value: steps[steps.length - 1]?.value ?? 0 });
    const marks = f.events.map((e) => ({ t: t(e.timeS), series: eventLabel(e.event), value: e.failedGpus, kind: e.kind, gpus: e.gpus }));
    const y = { field: "value", type: "quantitative" as const, title: "GPUs failed" };
    const top = {
      width: CHART_WIDTH_PX,
      height: CHART_HEIGHT_PX * 0.6,
      layer: [
        { data: { values: steps }, mark: { type: "line" as const, interpolate: "step-after" as const }, encoding: { x, y, color: topColor } },
        {
          data: { values: marks },
          mark: { type: "point" as const, filled: true, size: 30 },
          encoding: { x, y, color: topColor, tooltip: [{ field: "series", title: "event" }, { field: "kind" }, { field: "gpus", title: "GPUs" }] },
        },
      ],
    };
    const downLabel = `capacity down (${formatHours(f.downGpuHours)} GPU·h)`;
    const redoLabel = `work re-executed (${formatHours(f.reexecutedGpuHours)} GPU·h, ${formatCount(f.interruptions)} interruptions)`;
    const cumulative = [{ t: 0, series: downLabel, value: 0 }, { t: 0, series: redoLabel, value: 0 }];
    for (const e of f.events) cumulative.push({ t: t(e.timeS), series: downLabel, value: e.cumulativeDownGpuHours }, { t: t(e.timeS), series: redoLabel, value: e.cumulativeReexecutedGpuHours });
    const bottom = {
      width: CHART_WIDTH_PX,
      height: CHART_HEIGHT_PX * 0.6,
      data: { values: cumulative },
      mark: { type: "line" as const, interpolate: "step-after" as const },
      encoding: {
        x,
        y: { field: "value", type: "quantitative" as const, title: "GPU-hours lost (cumulative)" },
        color: {
          field: "series",
          type: "nominal" as const,
          title: null,
          scale: { domain: [downLabel, redoLabel], range: [DOWN_COLOR, REEXECUTED_COLOR] },
          legend: { orient: "bottom" as const, direction: "horizontal" as const, labelLimit: 480 },
        },
      },
    };
    const notes = [`failures by component: ${kinds}`];
    if (f.rows > f.events.length) notes.push(`the first ${formatCount(f.events.length)} of ${formatCount(f.rows)} events of failures.csv are drawn`);
    notes.push("capacity down is credited when a GPU is repaired (or at the end), so its line steps at repairs");
    return { ...chartFrame("Failures and repairs (GPUs, GPU·h)", notes), vconcat: [top, bottom], resolve: { scale: { color: "independent" }, legend: { color: "independent" } } };
  },
};

function formatHours(hours: number): string {
  return hours >= 100 ? formatCount(Math.round(hours)) : hours.toPrecision(3);
}
