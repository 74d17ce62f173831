import { type FairShareInput, fairShares, jainIndex } from "./fair-share.js";
import { type StatsSummary, StreamingStats, round } from "./stats.js";
import { TimeWeightedAverage } from "./time-weighted.js";

/** One tenant's block in summary.json. */
export interface TenantSummary {
  submitted: number;
  completed: number;
  rejected: number;
  failed: number;
  /** GPU-hours the tenant's work held (jobs and inference replicas; fractional GPUs by their share). */
  gpuHours: number;
  /** gpuHours by workload (job workloads and inference services), counted the same way; sums to gpuHours. */
  gpuHoursByWorkload: Record<string, number>;
  /** Time-averaged share of the fleet's GPUs. */
  share: number;
  /** Time-averaged GPUs wanted: held plus asked for by the tenant's queued jobs. */
  demandGpus: number;
  /** Time-averaged fair share in GPUs: the entitlement-weighted max–min split of the fleet capped by demand (fair-share.ts). */
  fairShareGpus: number;
  /** Mean GPUs held / fair share (1 = got exactly its fair share; null when its fair share is 0). */
  fairShareRatio: number | null;
  /** Quota in GPUs (null when unlimited). */
  quotaGpus: number | null;
  /** Fair-share weight. */
  weight: number;
  /** Waits of the tenant's completed jobs. */
  waitS: StatsSummary;
}

/** The `tenants` block: per tenant, plus Jain's fairness indices. */
export interface TenantsSummary {
  /** Per-tenant figures. */
  byTenant: Record<string, TenantSummary>;
  /**
   * Jain's index (Σx)² / (n Σx²) over x = each tenant's fairShareRatio (mean GPUs held / mean fair
   * share, tenants with a fair share > 0): 1 when every tenant got the same fraction of what it was
   * entitled to and wanted; 1/n when one tenant got everything.
   */
  jainFairness: number | null;
  /** Jain's index over raw GPU-hours / weight of tenants with work (ignores demand and entitlement). */
  jainRawGpuHours: number | null;
}

interface TenantState {
  submitted: number;
  completed: number;
  rejected: number;
  failed: number;
  gpus: number;
  queuedGpus: number;
  held: TimeWeightedAverage;
  /** GPUs held and their time average per workload of the tenant. */
  byWorkload: Map<string, { gpus: number; held: TimeWeightedAverage }>;
  /** ∫ demand dt and ∫ fair share dt since 0, in GPU-seconds. */
  demandAreaS: number;
  fairAreaS: number;
  /** Fair share in GPUs since the last change. */
  fairGpus: number;
  wait: StreamingStats;
}

/** Settings of a tenant that fairness needs. */
export interface TenantFairnessSettings {
  /** Quota in GPUs (Infinity when none). */
  quotaGpus: number;
  /** Fair-share weight. */
  weight: number;
  /** May use idle GPUs beyond its quota (default true). */
  borrowing?: boolean;
}

/** Collects per-tenant usage (jobs and replicas), demand, fair shares, outcomes and waits. */
export class TenantMetrics {
  private readonly tenants = new Map<string, TenantState>();
  /** Queued jobs by job index: whose, and how many GPUs they ask for. */
  private readonly queued = new Map<number, { tenant: string; gpus: number }>();
  private lastS = 0;
  private sharesStale = false;

  constructor(
    private readonly settings: ReadonlyMap<string, TenantFairnessSettings>,
    private readonly warmupS: number,
    /** GPUs of the fleet (the capacity fair shares split). */
    private readonly totalGpus = 0,
  ) {
    for (const name of settings.keys()) this.state(name);
  }

  private state(tenant: string): TenantState {
    let s = this.tenants.get(tenant);
    if (s === undefined) {
      s = { submitted: 0, completed: 0, rejected: 0, failed: 0, gpus: 0, queuedGpus: 0, held: new TimeWeightedAverage(0), byWorkload: new Map(), demandAreaS: 0, fairAreaS: 0, fairGpus: 0, wait: new StreamingStats() };
      this.tenants.set(tenant, s);
    }
    return s;
  }

  /** Integrate demand and fair share up to `nowS` (state is constant since the last change). */
  private advance(nowS: number): void {
    const dt = nowS - this.lastS;
    if (dt <= 0) return;
    if (this.sharesStale) this.recomputeShares();
    for (const s of this.tenants.values()) {
      s.demandAreaS += (s.gpus + s.queuedGpus) * dt;
      s.fairAreaS += s.fairGpus * dt;
    }
    this.lastS = nowS;
  }

  private recomputeShares(): void {
    this.sharesStale = false;
    const names = [...this.tenants.keys()];
    const weights = names.map((n) => this.settings.get(n)?.weight ?? 1);
    const weightSum = weights.reduce((a, b) => a + b, 0);
    const inputs: FairShareInput[] = names.map((n, i) => {
      const s = this.tenants.get(n) as TenantState;
      const setting = this.settings.get(n);
      const quota = setting?.quotaGpus ?? Number.POSITIVE_INFINITY;
      const entitlement = Number.isFinite(quota) ? quota : ((weights[i] as number) * this.totalGpus) / weightSum;
      const capGpus = Number.isFinite(quota) && setting?.borrowing === false ? quota : Number.POSITIVE_INFINITY;
      return { demandGpus: s.gpus + s.queuedGpus, entitlement, capGpus };
    });
    const shares = fairShares(this.totalGpus, inputs);
    names.forEach((n, i) => {
      (this.tenants.get(n) as TenantState).fairGpus = shares[i] as number;
    });
  }

  /** A job of the tenant is waiting (submitted, or requeued after an interruption); idempotent per job. */
  onQueued(tenant: string, jobIndex: number, gpus: number, nowS: number): void {
    if (this.queued.has(jobIndex)) return;
    this.advance(nowS);
    this.queued.set(jobIndex, { tenant, gpus });
    this.state(tenant).queuedGpus += gpus;
    this.sharesStale = true;
  }

  /** A job left the queue (started, rejected, failed or ended); no-op when it was not queued. */
  onDequeued(jobIndex: number, nowS: number): void {
    const q = this.queued.get(jobIndex);
    if (q === undefined) return;
    this.advance(nowS);
    this.queued.delete(jobIndex);
    this.state(q.tenant).queuedGpus -= q.gpus;
    this.sharesStale = true;
  }

  /** GPUs the tenant holds now (jobs and replicas; fractional GPUs by their share). */
  gpusInUse(tenant: string): number {
    return this.tenants.get(tenant)?.gpus ?? 0;
  }

  /** A job of the tenant arrived. */
  onSubmitted(tenant: string): void {
    this.state(tenant).submitted++;
  }

  /** The tenant's GPUs in use by `workload` (a job workload or an inference service) changed by `deltaGpus` at `nowS`. */
  onUsage(tenant: string, nowS: number, deltaGpus: number, workload = ""): void {
    this.advance(nowS);
    const s = this.state(tenant);
    s.gpus += deltaGpus;
    s.held.set(nowS, s.gpus);
    let w = s.byWorkload.get(workload);
    if (w === undefined) {
      w = { gpus: 0, held: new TimeWeightedAverage(0) };
      s.byWorkload.set(workload, w);
    }
    w.gpus += deltaGpus;
    w.held.set(nowS, w.gpus);
    this.sharesStale = true;
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
    this.advance(simulatedS);
    const byTenant: Record<string, TenantSummary> = {};
    const weighted: number[] = [];
    const ratios: number[] = [];
    for (const [name, s] of [...this.tenants].sort(([a], [b]) => a.localeCompare(b))) {
      const meanGpus = s.held.average(0, simulatedS);
      const setting = this.settings.get(name);
      const weight = setting?.weight ?? 1;
      const gpuHours = (meanGpus * simulatedS) / 3600;
      const fairGpus = simulatedS > 0 ? s.fairAreaS / simulatedS : 0;
      const ratio = fairGpus > 0 ? meanGpus / fairGpus : null;
      if (ratio !== null) ratios.push(ratio);
      byTenant[name] = {
        submitted: s.submitted,
        completed: s.completed,
        rejected: s.rejected,
        failed: s.failed,
        gpuHours: round(gpuHours),
        gpuHoursByWorkload: Object.fromEntries([...s.byWorkload].map(([w, u]) => [w, round((u.held.average(0, simulatedS) * simulatedS) / 3600)])),
        share: totalGpus > 0 ? round(meanGpus / totalGpus) : 0,
        demandGpus: round(simulatedS > 0 ? s.demandAreaS / simulatedS : 0),
        fairShareGpus: round(fairGpus),
        fairShareRatio: ratio === null ? null : round(ratio),
        quotaGpus: setting === undefined || !Number.isFinite(setting.quotaGpus) ? null : setting.quotaGpus,
        weight,
        waitS: s.wait.summary(),
      };
      if (s.submitted > 0 || gpuHours > 0) weighted.push(gpuHours / weight);
    }
    const jain = jainIndex(ratios);
    const raw = jainIndex(weighted);
    return { byTenant, jainFairness: jain === null ? null : round(jain), jainRawGpuHours: raw === null ? null : round(raw) };
  }
}
