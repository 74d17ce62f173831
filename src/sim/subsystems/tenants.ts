import { round } from "../../metrics/stats.js";
import { TenantMetrics } from "../../metrics/tenant-metrics.js";
import type { Scenario } from "../../scenario/schema.js";
import type { Job } from "../job.js";
import type { Subsystem } from "../subsystem.js";

/** timeseries.csv column of a tenant's GPUs in use. */
export function tenantGpusColumn(tenant: string): string {
  return `tenant:${tenant}:gpus`;
}

/** Tenants in timeseries.csv order (the scenario's). */
function tenantNames(scenario: Scenario): string[] {
  return scenario.tenants.map((t) => t.name);
}

/**
 * Tenants' usage against quota, borrowing, waits and fairness: the `tenants` block, and per tenant
 * the GPUs it holds over time (`tenant:<name>:gpus`: jobs and replicas, counted as in the block).
 */
export const tenantsSubsystem: Subsystem = {
  name: "tenants",
  applies: (scenario) => scenario.tenants.length > 0,
  timeseriesColumns: (scenario) => tenantNames(scenario).map(tenantGpusColumn),
  attach({ sim, scenario, scheduler, replicas, tenantSpecs, cluster }) {
    const tenantMetrics = new TenantMetrics(tenantSpecs, scenario.horizon.warmupS, cluster.totalGpus);
    // Demand = held + queued: a job is queued from submission (and again after an interruption) until it starts or ends.
    const jobGpus = (job: Job): number => (job.gpus * job.gpuMilli) / 1000;
    scheduler.submitted.subscribe((job) => {
      tenantMetrics.onSubmitted(job.tenant);
      tenantMetrics.onQueued(job.tenant, job.index, jobGpus(job), sim.nowS);
    });
    scheduler.started.subscribe((job) => {
      tenantMetrics.onDequeued(job.index, sim.nowS);
      tenantMetrics.onUsage(job.tenant, sim.nowS, jobGpus(job), job.workload);
    });
    scheduler.interrupted.subscribe(({ job }) => {
      tenantMetrics.onUsage(job.tenant, sim.nowS, -jobGpus(job), job.workload);
      tenantMetrics.onQueued(job.tenant, job.index, jobGpus(job), sim.nowS);
    });
    scheduler.ended.subscribe((job) => {
      tenantMetrics.onDequeued(job.index, sim.nowS);
      if (job.status === "completed") tenantMetrics.onUsage(job.tenant, sim.nowS, -jobGpus(job), job.workload);
      tenantMetrics.onEnded(job.tenant, job.status, job.submitS, job.startS - job.submitS);
    });
    replicas.acquired.subscribe(({ lease, request }) => tenantMetrics.onUsage(request.tenant, sim.nowS, (lease.gpus.length * request.gpuMilli) / 1000, request.owner));
    replicas.released.subscribe(({ lease, request }) => tenantMetrics.onUsage(request.tenant, sim.nowS, (-lease.gpus.length * request.gpuMilli) / 1000, request.owner));
    const names = tenantNames(scenario);
    return {
      timeseriesCells: () => names.map((name) => round(tenantMetrics.gpusInUse(name))),
      summary: { tenants: (end) => tenantMetrics.summary(end.simulatedS, cluster.totalGpus) },
    };
  },
};
