/**
 * gpufleet as a library: `import { runScenario } from "gpufleet"`. Everything here is public and
 * versioned with the package; deep imports are not (the exports map blocks them).
 */

// Scenarios: load (YAML/JSON, --set overrides, validation with one-line errors) and the schema type.
export { type LoadOptions, loadScenario } from "./scenario/load.js";
export type { Scenario } from "./scenario/schema.js";
export { ScenarioError, CheckFailedError } from "./messages.js";

// Running: one scenario (to a run directory or to row sinks), replications over seeds, the simulation itself.
export { type RunScenarioOptions, runScenario } from "./run/run-scenario.js";
export { type AnyRunSummary, type FillRunSummary, type RunSummary, type RunTiming, runToDirectory } from "./run/write-run.js";
export { type ReplicationOptions, type ReplicationResult, type ReplicationSummary, runReplications } from "./run/replications.js";
export { resolvePolicies } from "./run/resolve-policies.js";
export { type GpusSummary, type SimulationSinks, type SimulationSummary, simulate, tablesFor, timeseriesColumnsFor } from "./sim/simulate.js";
export { jobColumns } from "./metrics/job-metrics.js";
export { requestColumns } from "./metrics/request-metrics.js";
export type { SchedulerPolicies } from "./sim/cluster-scheduler.js";
export { type Cell, type RowSink, discardRows } from "./metrics/row-sink.js";
export { type TraceEvent, type TraceEventSink, TraceEventArray, defaultIterationEventBudget } from "./metrics/trace-sink.js";
export { TraceEventsFile } from "./report/trace-events-file.js";
export { runFiles } from "./report/run-files.js";

// Statistics gpufleet reports with: confidence intervals, paired (common random numbers) and Welch differences, summary paths.
export { type ConfidenceInterval, type MetricRange, meanConfidence, rangedConfidence } from "./metrics/confidence.js";
export { type DifferenceInterval, pairedDifference, welchDifference } from "./metrics/difference.js";
export { metricAt } from "./report/summary-metrics.js";

// Capacity planning: the smallest fleet that meets targets, per GPU type, with intervals and cost.
export { type PlanOptions, type PlanPoint, type PlanSearch, type PlanTarget, parseTarget, planCapacity, searchCapacity } from "./sweep/plan.js";
export { type PlanCandidateJson, type PlanGpuJson, type PlanMetricJson, type PlanStudy, type PlanStudyOptions, runPlanStudy } from "./sweep/plan-study.js";
export { PLAN_FILE, writePlanDir } from "./sweep/plan-output.js";
export type { PlanCost } from "./sweep/plan-cost.js";
export { gpuOverrides, parseGpuList } from "./sweep/plan-gpus.js";
export { type GrowthSpec, type GrowthStep, growthClock } from "./workload/arrival-growth.js";

// Policies: the interfaces a plug-in implements and the built-in registries.
export type {
  BackfillContext,
  BackfillPolicy,
  BackfillVerdict,
  JobView,
  Placement,
  PlacementPolicy,
  QueueContext,
  QueuePolicy,
  RunningJobView,
  TenantView,
} from "./policies/types.js";
export type { ClusterView, NodeInfo } from "./model/cluster-view.js";
export type { ResourceRequest } from "./model/resources.js";
export type { RandomStream } from "./engine/rng.js";
export {
  type BackfillPolicyName,
  type PlacementPolicyName,
  type PolicyFamily,
  type QueuePolicyName,
  backfillPolicies,
  placementPolicies,
  policyNames,
  policyRegistry,
  queuePolicies,
} from "./policies/registry.js";

// Catalogs: GPUs and LLMs.
export { type GpuArchitecture, type GpuName, type GpuSpec, gpuCatalog, gpuNames, gpuSpec } from "./model/gpus.js";
export { type ModelName, type ModelSpec, modelCatalog, modelNames } from "./workload/models.js";

// Calibration profiles (written by `gpufleet calibrate`), read without loading WebGPU.
export { type CalibrationProfile, parseCalibrationProfile, readCalibrationProfile } from "./cost/calibration-profile.js";
