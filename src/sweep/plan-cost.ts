/**
 * What a candidate fleet costs, from summary.json's `cost` block (metrics/energy-cost.ts) and the
 * simulated time: over the horizon, per 30-day month of continuous operation, and per GPU-hour.
 */
import { metricAt } from "../report/summary-metrics.js";
import { GROWTH_MONTH_S } from "../workload/arrival-growth.js";

/** Cost of one candidate, means over its seeds. */
export interface PlanCost {
  /** Simulated time the cost covers, seconds. */
  horizonS: number;
  /** GPUs in the fleet. */
  gpus: number;
  /** The whole fleet (idle GPUs included) over the horizon, USD (summary `cost.fleetUsd`). */
  fleetUsd: number;
  /** The fleet for one 30-day month at the same rate, USD. */
  usdPerMonth: number;
  /** Fleet cost per GPU-hour of the fleet, USD. */
  usdPerGpuHour: number;
  /** GPU-hours allocated to work over the horizon (summary `cost.allocatedGpuHours`). */
  allocatedGpuHours: number;
  /** What the allocated GPU-hours cost, USD (summary `cost.allocatedUsd`). */
  allocatedUsd: number;
}

/** The mean cost over `summaries` (one per seed), or null when they carry no cost block. */
export function planCost(summaries: readonly unknown[]): PlanCost | null {
  const meanOf = (path: string): number | null => {
    const xs = summaries.map((s) => metricAt(s, path)).filter((v): v is number => v !== null);
    return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const horizonS = meanOf("simulatedS");
  const fleetUsd = meanOf("cost.fleetUsd");
  const gpus = meanOf("gpus.total");
  if (horizonS === null || fleetUsd === null || gpus === null || horizonS <= 0) return null;
  const gpuHours = (gpus * horizonS) / 3600;
  return {
    horizonS,
    gpus,
    fleetUsd,
    usdPerMonth: (fleetUsd * GROWTH_MONTH_S) / horizonS,
    usdPerGpuHour: gpuHours > 0 ? fleetUsd / gpuHours : 0,
    allocatedGpuHours: meanOf("cost.allocatedGpuHours") ?? 0,
    allocatedUsd: meanOf("cost.allocatedUsd") ?? 0,
  };
}
