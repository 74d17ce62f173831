import type { ChartDefinition } from "./chart-definition.js";
import { CATEGORY_COLORS, CHART_HEIGHT_PX, CHART_WIDTH_PX, chartFrame, durationUnitFor, formatDurationS } from "./theme.js";

/** Fraction of requests meeting their SLO per arrival window, one line per service. */
export const sloAttainmentChart: ChartDefinition = {
  name: "slo-attainment",
  caption:
    "Share of requests that met their SLO (TTFT, TPOT and end-to-end targets of their class), by arrival time window, one line per service; " +
    "rejected and failed requests count as misses, unfinished ones are left out.",
  build: (data) => {
    const requests = data.requests;
    if (requests === null || !requests.hasSlo) return null;
    const spanS = requests.windowS * requests.services[0]!.windows.length;
    const unit = durationUnitFor(spanS);
    const values: { t: number; service: string; attainment: number }[] = [];
    for (const s of requests.services) {
      s.windows.forEach((w, i) => {
        if (w.ended > 0) values.push({ t: ((i + 0.5) * requests.windowS) / unit.seconds, service: s.name, attainment: w.met / w.ended });
      });
    }
    if (values.length === 0) return null;
    const services = requests.services.map((s) => s.name);
    return {
      ...chartFrame("SLO attainment over time (fraction of requests)", [`windows of ${formatDurationS(requests.windowS)} by arrival time`]),
      width: CHART_WIDTH_PX,
      height: CHART_HEIGHT_PX,
      data: { values },
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "t", type: "quantitative", title: `arrival time (${unit.label})`, scale: { domain: [0, spanS / unit.seconds], nice: false } },
        y: { field: "attainment", type: "quantitative", title: "met SLO", scale: { domain: [0, 1] }, axis: { format: ".0%" } },
        color: { field: "service", type: "nominal", title: "service", scale: { domain: services, range: CATEGORY_COLORS.slice(0, Math.max(1, services.length)) } },
      },
    };
  },
};
