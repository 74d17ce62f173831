import type { ChartDefinition } from "./chart-definition.js";
import { timeseriesChartSpec } from "./timeseries-chart.js";

/** Mean link utilization per link class over time (runs with the network model). */
export const linkUtilizationChart: ChartDefinition = {
  name: "link-utilization",
  caption:
    "Mean utilization of each link class over each sample interval (bytes carried / capacity), and the busiest single link: where collectives contend (NVLink, NICs, leaf uplinks, spine, WAN).",
  build: (data) =>
    timeseriesChartSpec(data, {
      title: "Link utilization by class (fraction of capacity)",
      yTitle: "utilization",
      dropEmpty: true,
      columns: [
        { column: "nvlinkUtil", label: "NVLink" },
        { column: "pcieUtil", label: "PCIe" },
        { column: "nicUtil", label: "NIC" },
        { column: "uplinkUtil", label: "leaf uplink" },
        { column: "spineUtil", label: "spine" },
        { column: "wanUtil", label: "WAN" },
        { column: "topLinkUtil", label: "busiest link" },
      ],
    }),
};
