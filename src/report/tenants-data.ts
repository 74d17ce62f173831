import { z } from "zod";
import type { RunData } from "./run-data.js";

/** The parts of summary.json's `tenants` block the tenant charts read (lenient: older runs lack some). */
const tenantsBlockSchema = z.object({
  byTenant: z.record(
    z.string(),
    z.object({
      gpuHours: z.number(),
      gpuHoursByWorkload: z.record(z.string(), z.number()).optional(),
      share: z.number(),
      quotaGpus: z.number().nullable(),
    }),
  ),
});

/** One tenant as the tenant charts show it. */
export interface TenantFigures {
  name: string;
  /** GPU-hours held (jobs and replicas), from the summary. */
  gpuHours: number;
  /** The same by workload; null for runs written before it was recorded. */
  gpuHoursByWorkload: Record<string, number> | null;
  /** Time-averaged share of the fleet. */
  share: number;
  /** Quota in GPUs; null when unlimited. */
  quotaGpus: number | null;
}

/** The tenants of summary.json (by name), or null when the run has no tenants block. */
export function tenantFigures(data: RunData): TenantFigures[] | null {
  const parsed = tenantsBlockSchema.safeParse(data.summary.raw.tenants);
  if (!parsed.success) return null;
  return Object.entries(parsed.data.byTenant).map(([name, t]) => ({
    name,
    gpuHours: t.gpuHours,
    gpuHoursByWorkload: t.gpuHoursByWorkload ?? null,
    share: t.share,
    quotaGpus: t.quotaGpus,
  }));
}

/** timeseries.csv column of a tenant's GPUs in use (written by sim/subsystems/tenants.ts). */
export function tenantGpusColumn(tenant: string): string {
  return `tenant:${tenant}:gpus`;
}
