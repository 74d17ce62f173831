import type { Config } from "vega-lite";

/** The shared look of every chart: fonts, sizes, colours. */

/** Plot width of a single-panel chart (px). */
export const CHART_WIDTH_PX = 720;
/** Plot height of a single-panel chart (px). */
export const CHART_HEIGHT_PX = 240;
/** Height of one bar row in bar charts (px). */
export const BAR_STEP_PX = 22;
/** Colour of the "all jobs" series and of reference lines. */
export const NEUTRAL_COLOR = "#333333";
/** Category colours (Tableau 10), used in order. */
export const CATEGORY_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

const FONT = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/** Vega-Lite config shared by all charts. */
export const chartConfig: Config = {
  font: FONT,
  background: "#ffffff",
  padding: 8,
  view: { stroke: "#dddddd" },
  title: { anchor: "start", fontSize: 15, fontWeight: 600, color: "#222222", subtitleFontSize: 11.5, subtitleColor: "#555555", offset: 12 },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 500,
    titleColor: "#333333",
    labelColor: "#444444",
    gridColor: "#ececec",
    domainColor: "#888888",
    tickColor: "#888888",
    labelLimit: 180,
  },
  legend: { labelFontSize: 11, titleFontSize: 11.5, titleFontWeight: 500, labelLimit: 240, symbolStrokeWidth: 2.5 },
  header: { labelFontSize: 12, labelFontWeight: 500, titleFontSize: 12 },
  line: { strokeWidth: 1.8 },
  range: { category: CATEGORY_COLORS },
};

/** The top-level properties every chart starts from: schema, title (with subtitle lines), config. */
export function chartFrame(title: string, subtitle: readonly string[] = []) {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: subtitle.length === 0 ? { text: title } : { text: title, subtitle: [...subtitle] },
    config: chartConfig,
  } as const;
}

/** A time or duration unit for axes: seconds per unit and its label. */
export interface DurationUnit {
  /** Seconds in one unit. */
  seconds: number;
  /** Short label: `s`, `min`, `h` or `d`. */
  label: string;
  /** Long name for axis titles: `seconds`, `minutes`, `hours` or `days`. */
  name: string;
}

/** The unit that shows durations up to `maxS` with readable numbers. */
export function durationUnitFor(maxS: number): DurationUnit {
  if (!(maxS > 180)) return { seconds: 1, label: "s", name: "seconds" };
  if (maxS <= 3 * 3600) return { seconds: 60, label: "min", name: "minutes" };
  if (maxS <= 3 * 86400) return { seconds: 3600, label: "h", name: "hours" };
  return { seconds: 86400, label: "d", name: "days" };
}

/** Vega expression that labels a seconds axis tick as `0`, `50 ms`, `30 s`, `10 min`, `2 h`, `1 d` (the units of formatDurationS). */
export const DURATION_LABEL_EXPR =
  "datum.value >= 86400 ? format(datum.value / 86400, '~g') + ' d' : datum.value >= 3600 ? format(datum.value / 3600, '~g') + ' h'" +
  " : datum.value >= 60 ? format(datum.value / 60, '~g') + ' min' : datum.value == 0 ? '0' : datum.value >= 1 ? format(datum.value, '~g') + ' s'" +
  " : datum.value >= 0.001 ? format(datum.value * 1000, '~g') + ' ms' : format(datum.value * 1e6, '~g') + ' µs'";

// Figures are written by one module everywhere (terminal, key figures, charts).
export { formatCount, formatDurationS } from "../figure-format.js";
