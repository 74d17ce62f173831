import type { ChartDefinition } from "./chart-definition.js";
import { gpuAllocationChart } from "./gpu-allocation.js";
import { jctCdfChart } from "./jct-cdf.js";
import { jobOutcomesChart } from "./job-outcomes.js";
import { queueLengthChart } from "./queue-length.js";
import { tenantGpuHoursChart } from "./tenant-gpu-hours.js";
import { waitCdfChart } from "./wait-cdf.js";
import { workloadLatencyChart } from "./workload-latency.js";

/**
 * Every chart of the report, in report order. Add new ones here (e.g. TTFT/TPOT CDFs from
 * requests.csv, link utilization, failures): each returns null for runs without its data.
 */
export const chartDefinitions: readonly ChartDefinition[] = [
  gpuAllocationChart,
  queueLengthChart,
  waitCdfChart,
  jctCdfChart,
  workloadLatencyChart,
  jobOutcomesChart,
  tenantGpuHoursChart,
];
