import { type StatsSummary, StreamingStats, round } from "./stats.js";
import { TimeWeightedAverage } from "./time-weighted.js";

/** One tenant's block in summary.json. */
export interface TenantSummary {
  submitted: number;
  completed: number;
  rejected: number;
  failed: number;
  /** GPU-hours the tenant's work held. */
  gpuHours: number;
  /** Time-averaged share of the fleet's GPUs. */
  share: number;
  /** Quota in GPUs (null when unlimited). */
  quotaGpus: number | null;
  /** Fair-share weight. */
  weight: number;
  /** Waits of the tenant's completed jobs. */
  waitS: StatsSummary;
}

/** The `tenants` block: per tenant, plus Jain's fairness index over weighted GPU-hours. */
export interface TenantsSummary {
  /** Per-tenant figures. */
  byTenant: Record<string, TenantSummary>;
  /** Jain's index (Σx)² / (n Σx²) over tenants' GPU-hours / weight (1 = perfectly fair). */
  jainFairness: number | null;
}

interface TenantState {
  submitted: number;
  completed: number;
  rejected: number;
  failed: number;
  gpus: number;
  held: TimeWeightedAverage;
  wait: StreamingStats;
}

/** Collects per-tenant usage, outcomes and waits. */
export class TenantMetrics {
  private readonly tenants = new Map<string, TenantState>();

  constructor(
    private readonly settings: ReadonlyMap<string, { quotaGpus: number; weight: number }>,
    private readonly warmupS: number,
  ) {
    for (const name of settings.keys()) this.state(name);
  }

  private state(tenant: string): TenantState {
    let s = this.tenants.get(tenant);
    if (s === undefined) {
      s = { submitted: 0, completed: 0, rejected: 0, failed: 0, gpus: 0, held: new TimeWeightedAverage(0), wait: new StreamingStats() };
      this.tenants.set(tenant, s);
    }
    return s;
  }

  /** A job of the tenant arrived. */
  onSubmitted(tenant: string): void {
    this.state(tenant).submitted++;
  }

  /** The tenant's GPUs in use changed by `deltaGpus` at `nowS`. */
  onUsage(tenant: string, nowS: number, deltaGpus: number): void {
    const s = this.state(tenant);
    s.gpus += deltaGpus;
    s.held.set(nowS, s.gpus);
  }

  /** A job of the tenant ended. */
  onEnded(tenant: string, status: string | undefined, submitS: number, waitS: number): void {
    const s = this.state(tenant);
    if (status === "completed") {
      s.completed++;
      if (submitS >= this.warmupS) s.wait.add(waitS);
    } else if (status === "rejected") s.rejected++;
    else if (status === "failed") s.failed++;
  }

  /** The block over [0, simulatedS]. */
  summary(simulatedS: number, totalGpus: number): TenantsSummary {
    const byTenant: Record<string, TenantSummary> = {};
    const weighted: number[] = [];
    for (const [name, s] of [...this.tenants].sort(([a], [b]) => a.localeCompare(b))) {
      const meanGpus = s.held.average(0, simulatedS);
      const setting = this.settings.get(name);
      const weight = setting?.weight ?? 1;
      const gpuHours = (meanGpus * simulatedS) / 3600;
      byTenant[name] = {
        submitted: s.submitted,
        completed: s.completed,
        rejected: s.rejected,
        failed: s.failed,
        gpuHours: round(gpuHours),
        share: totalGpus > 0 ? round(meanGpus / totalGpus) : 0,
        quotaGpus: setting === undefined || !Number.isFinite(setting.quotaGpus) ? null : setting.quotaGpus,
        weight,
        waitS: s.wait.summary(),
      };
      if (s.submitted > 0) weighted.push(gpuHours / weight);
    }
    const sum = weighted.reduce((a, b) => a + b, 0);
    const squares = weighted.reduce((a, b) => a + b * b, 0);
    return { byTenant, jainFairness: weighted.length === 0 || squares === 0 ? null : round((sum * sum) / (weighted.length * squares)) };
  }
}
