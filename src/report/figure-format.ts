/**
 * How every figure is written, in the terminal summary, the report's key figures and the chart
 * subtitles alike: one module, so a number reads the same wherever it appears. Output is
 * locale-independent (deterministic reports).
 */

/** Significant digits of fractions and measured values. */
export const FIGURE_DIGITS = 4;

/** An integer with thousands separators: 1234567.8 → "1,234,568". */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * A measured value with `digits` significant digits, trailing zeros dropped (0.0021287 → "0.002129",
 * 568.81 → "568.8", 1.2 → "1.2"); values of 10^digits and more are whole numbers with separators
 * (593797.8 → "593,798"). Percentages keep their zeros (formatPercent).
 */
export function formatSignificant(value: number | null | undefined, digits = FIGURE_DIGITS): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (value === 0) return "0";
  if (Math.abs(value) >= 10 ** digits) return formatCount(value);
  // Trailing zeros say nothing here (PUE 1.2, not 1.200); String(Number()) also undoes exponent notation.
  return String(Number(value.toPrecision(digits)));
}

/**
 * A fraction as a percentage with 4 significant digits (0.99961 → "99.96 %"), and more where 4
 * would round a value below 1 up to "100.0 %" or a value above 0 down to zero (0.999996 → "99.9996 %").
 */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "–";
  const pct = fraction * 100;
  let digits = FIGURE_DIGITS;
  let text = pct.toPrecision(digits);
  while (digits < 12 && ((fraction < 1 && Number(text) >= 100) || (fraction > 0 && Number(text) === 0))) text = pct.toPrecision(++digits);
  if (text.includes("e")) text = String(Number(text));
  return `${text} %`;
}

/**
 * A duration in words: `0 s`, `51.5 ms`, `42 s`, `12.5 min`, `3.2 h`, `1 d` (3 significant digits,
 * whole numbers from 100 on). Below 1 s in milliseconds (TTFT, TPOT), below 1 ms in µs.
 */
export function formatDurationS(valueS: number | null | undefined): string {
  if (valueS === null || valueS === undefined || !Number.isFinite(valueS)) return "–";
  if (valueS === 0) return "0 s";
  const size = Math.abs(valueS);
  const unit =
    size < 1e-3
      ? { seconds: 1e-6, label: "µs" }
      : size < 1
        ? { seconds: 1e-3, label: "ms" }
        : size < 60
          ? { seconds: 1, label: "s" }
          : size < 3600
            ? { seconds: 60, label: "min" }
            : size < 86400
              ? { seconds: 3600, label: "h" }
              : { seconds: 86400, label: "d" };
  const scaled = valueS / unit.seconds;
  const text = Math.abs(scaled) >= 100 ? scaled.toFixed(0) : Math.abs(scaled) >= 10 ? scaled.toFixed(1) : scaled.toPrecision(3);
  return `${Number(text)} ${unit.label}`;
}

/** GPU-hours: "568.8 GPU-h", "593,641 GPU-h". */
export function formatGpuHours(hours: number | null | undefined): string {
  return `${formatSignificant(hours)} GPU-h`;
}

/** US dollars: whole dollars from $100 on ("$640", "$1,484,103"), else 4 digits ("$31.78", "$0.002129"). */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return "–";
  return `$${Math.abs(usd) >= 100 ? formatCount(usd) : formatSignificant(usd)}`;
}

/** A rate per second: "42.72/s". */
export function formatPerS(perS: number | null | undefined, noun = ""): string {
  return `${formatSignificant(perS)}${noun === "" ? "" : ` ${noun}`}/s`;
}

/** The latency statistics people compare: "p50 51.5 ms · p99 331 ms · mean 87.8 ms". */
export function formatLatencyStats(stats: { p50?: number | null; p99?: number | null; mean?: number | null } | undefined): string {
  if (stats === undefined) return "–";
  return `p50 ${formatDurationS(stats.p50)} · p99 ${formatDurationS(stats.p99)} · mean ${formatDurationS(stats.mean)}`;
}

/** `n` with its noun, pluralized by a trailing s: "1 request", "12,345 requests". */
export function formatN(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? "" : "s"}`;
}

/** A legend label with its population: "chat (n=12,345)". */
export function withN(label: string, count: number): string {
  return `${label} (n=${formatCount(count)})`;
}
