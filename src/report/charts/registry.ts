import { allocationSplitChart } from "./allocation-split.js";
import type { ChartDefinition } from "./chart-definition.js";
import { failureTimelineChart } from "./failure-timeline.js";
import { gpuAllocationChart } from "./gpu-allocation.js";
import { jctCdfChart } from "./jct-cdf.js";
import { jobOutcomesChart } from "./job-outcomes.js";
import { linkUtilizationChart } from "./link-utilization.js";
import { queueLengthChart } from "./queue-length.js";
import { tenantGpuHoursChart } from "./tenant-gpu-hours.js";
import { tenantUsageChart } from "./tenant-usage.js";
import { waitCdfChart } from "./wait-cdf.js";
import { sloAttainmentChart } from "./slo-attainment.js";
import { tpotCdfChart } from "./tpot-cdf.js";
import { ttftCdfChart } from "./ttft-cdf.js";
import { workloadLatencyChart } from "./workload-latency.js";
import { e2eCdfChart } from "./e2e-cdf.js";
import { inferenceReplicasChart, kvUtilizationChart, requestQueueChart } from "./inference-load.js";

/**
 * Charts of job runs, in report order. Add new ones here (link utilization, failures, ...): each
 * returns null for runs without its data.
 */
export const jobChartDefinitions: readonly ChartDefinition[] = [
  gpuAllocationChart,
  queueLengthChart,
  waitCdfChart,
  jctCdfChart,
  workloadLatencyChart,
  jobOutcomesChart,
  tenantGpuHoursChart,
];

/** Charts of runs with the network model (link utilization columns); null otherwise. */
export const networkChartDefinitions: readonly ChartDefinition[] = [linkUtilizationChart];

/** Charts of inference runs (requests.csv); null for runs without requests. */
export const requestChartDefinitions: readonly ChartDefinition[] = [
  ttftCdfChart,
  tpotCdfChart,
  e2eCdfChart,
  sloAttainmentChart,
  inferenceReplicasChart,
  requestQueueChart,
  kvUtilizationChart,
];

/** Charts of what a study is about: failures (failures.csv), tenants' usage, allocation splits; null when the run lacks it. */
export const studyChartDefinitions: readonly ChartDefinition[] = [failureTimelineChart, tenantUsageChart, allocationSplitChart];

/** Every chart of the report, in report order. */
export const chartDefinitions: readonly ChartDefinition[] = [...jobChartDefinitions, ...networkChartDefinitions, ...requestChartDefinitions, ...studyChartDefinitions];
