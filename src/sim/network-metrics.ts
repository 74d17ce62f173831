import { round } from "../metrics/stats.js";
import { timeseriesLinkClasses } from "../metrics/timeseries.js";
import type { Network } from "../model/network/network.js";

/** The `network` block of summary.json: per link class, bytes moved and utilization. */
export type NetworkSummary = Record<string, { links: number; bytesMoved: number; meanUtilization: number; p99Utilization: number; maxUtilization: number }>;

/** Timeseries cells for the network: mean utilization per class, the busiest link's utilization and name. */
export function networkCells(network: Network): (number | string)[] {
  const sample = network.sampleUtilization(1);
  const cells: (number | string)[] = timeseriesLinkClasses.map((c) => {
    const u = sample.byClass[c]?.meanUtilization;
    return u === undefined ? "" : round(u);
  });
  const top = sample.topLinks[0];
  cells.push(top === undefined ? 0 : round(top.utilization), top === undefined ? "" : top.name);
  return cells;
}

/** Summary of link usage per class over the whole run, [0, `simulatedS`] (exact time integrals, independent of sampling). */
export function networkSummary(network: Network, simulatedS: number): NetworkSummary {
  const out: NetworkSummary = {};
  for (const [linkClass, stats] of Object.entries(network.flows.linkClassStats(simulatedS))) {
    if (stats === undefined) continue;
    out[linkClass] = {
      links: stats.links,
      bytesMoved: round(stats.bytesMoved),
      meanUtilization: round(stats.meanUtilization),
      p99Utilization: round(stats.p99Utilization),
      maxUtilization: round(stats.maxUtilization),
    };
  }
  return out;
}
