/** How the CLI prints a mean with its confidence interval. */
import { type ConfidenceInterval, halfWidth } from "../metrics/confidence.js";
import { formatNumber } from "./format-table.js";

/** `mean ± half-width` (just the mean when there is no interval; `-` when there is nothing). */
export function formatCi(ci: ConfidenceInterval | null | undefined, digits = 3): string {
  if (ci === null || ci === undefined || ci.mean === null) return "-";
  const half = halfWidth(ci);
  return half === null ? formatNumber(ci.mean, digits) : `${formatNumber(ci.mean, digits)} ± ${formatNumber(half, digits)}`;
}
