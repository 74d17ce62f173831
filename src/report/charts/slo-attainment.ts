import { formatPercent, withN } from "../figure-format.js";
import type { ChartDefinition } from "./chart-definition.js";
import { CATEGORY_COLORS, CHART_HEIGHT_PX, CHART_WIDTH_PX, chartFrame, durationUnitFor, formatDurationS } from "./theme.js";

/** Steps the zoomed attainment axis may start at (its lower bound is a multiple of one). */
const AXIS_STEPS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25];

/**
 * The lower bound of the attainment axis: zoomed to the data (attainment of 98–100 % reads on a
 * 97.5–100 % axis, not as a flat line at the top of 0–100 %), with room below the lowest window.
 */
export function attainmentAxisFloor(lowest: number): number {
  const gap = Math.max(1 - lowest, 0.001) * 1.25;
  const step = AXIS_STEPS.find((s) => s * 5 >= gap) ?? 0.25;
  return Math.max(0, Number((Math.floor((1 - gap) / step) * step).toPrecision(6)));
}

/** Fraction of requests meeting their SLO per arrival window, one line per service, on an axis zoomed to the data. */
export const sloAttainmentChart: ChartDefinition = {
  name: "slo-attainment",
  caption:
    "Share of requests that met their SLO (TTFT, TPOT and end-to-end targets of their class), by arrival time window, one line per service; " +
    "rejected and failed requests count as misses, unfinished ones are left out. The y axis is zoomed to the data; " +
    "dashed lines are each service's attainment over the whole run (summary.json).",
  build: (data) => {
    const requests = data.requests;
    if (requests === null || !requests.hasSlo) return null;
    const spanS = requests.windowS * requests.services[0]!.windows.length;
    const unit = durationUnitFor(spanS);
    const summaryServices = (data.summary.raw.requests as { services?: Record<string, { sloAttainment?: number | null }> } | undefined)?.services ?? {};
    const labelled = requests.services.map((s) => ({ ...s, label: withN(s.name, s.windows.reduce((n, w) => n + w.ended, 0)) }));
    const values: { t: number; service: string; attainment: number; ended: number }[] = [];
    for (const s of labelled) {
      s.windows.forEach((w, i) => {
        if (w.ended > 0) values.push({ t: ((i + 0.5) * requests.windowS) / unit.seconds, service: s.label, attainment: w.met / w.ended, ended: w.ended });
      });
    }
    if (values.length === 0) return null;
    const overall = labelled.flatMap((s) => {
      const a = summaryServices[s.name]?.sloAttainment;
      return a === undefined || a === null ? [] : [{ service: s.label, attainment: a }];
    });
    const lowest = Math.min(...values.map((v) => v.attainment), ...overall.map((o) => o.attainment));
    const floor = attainmentAxisFloor(lowest);
    const services = labelled.map((s) => s.label);
    const color = { field: "service", type: "nominal" as const, title: "service", scale: { domain: services, range: CATEGORY_COLORS.slice(0, Math.max(1, services.length)) } };
    const y = {
      field: "attainment",
      type: "quantitative" as const,
      title: "met SLO",
      scale: { domain: [floor, 1], nice: false },
      axis: { format: 1 - floor <= 0.05 ? ".1%" : ".0%" },
    };
    const overallText = overall.map((o) => `${o.service.replace(/ \(n=.*\)$/, "")} ${formatPercent(o.attainment)}`).join(", ");
    const subtitle = [`windows of ${formatDurationS(requests.windowS)} by arrival time; y axis from ${formatPercent(floor)}${overallText === "" ? "" : `; whole run: ${overallText}`}`];
    const lines = {
      data: { values },
      mark: { type: "line" as const, point: true, clip: true },
      encoding: {
        x: { field: "t", type: "quantitative" as const, title: `arrival time (${unit.label})`, scale: { domain: [0, spanS / unit.seconds], nice: false } },
        y,
        color,
        tooltip: [{ field: "service" }, { field: "attainment", format: ".3%" }, { field: "ended", title: "requests" }],
      },
    };
    const spec = { ...chartFrame("SLO attainment over time (fraction of requests)", subtitle), width: CHART_WIDTH_PX, height: CHART_HEIGHT_PX };
    if (overall.length === 0) return { ...spec, ...lines };
    const rules = { data: { values: overall }, mark: { type: "rule" as const, strokeDash: [5, 4], strokeWidth: 1.2 }, encoding: { y: { field: "attainment", type: "quantitative" as const }, color } };
    return { ...spec, layer: [lines, rules] };
  },
};
