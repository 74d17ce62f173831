/**
 * Demand-aware fair shares: what each tenant would hold if the fleet were split fairly among the
 * work it actually has, and Jain's index over how close each tenant came to that.
 *
 * Fair share (weighted max–min, progressive filling): every tenant's share grows in proportion
 * to its entitlement (its quota, or its weight's share of the fleet when it has no quota) until
 * it reaches its demand (GPUs held + GPUs its queued jobs ask for), its quota when it may not
 * borrow, or the fleet is used up. Unused entitlement thus passes to tenants that want more.
 */

/** One tenant's inputs to the fair-share split. */
export interface FairShareInput {
  /** GPUs the tenant wants right now (held + queued). */
  demandGpus: number;
  /** Relative entitlement (> 0): its quota in GPUs, or weight × fleet / Σ weights. */
  entitlement: number;
  /** Most the tenant may hold (its quota when it may not borrow; Infinity otherwise). */
  capGpus: number;
}

/** Weighted max–min fair split of `capacityGpus` among tenants, capped by demand and caps. */
export function fairShares(capacityGpus: number, tenants: readonly FairShareInput[]): number[] {
  const limit = tenants.map((t) => Math.max(0, Math.min(t.demandGpus, t.capGpus)));
  const share = new Array<number>(tenants.length).fill(0);
  const active = new Set<number>();
  tenants.forEach((t, i) => {
    if ((limit[i] as number) > 0 && t.entitlement > 0) active.add(i);
  });
  let left = capacityGpus;
  // Each round raises every active tenant by one level per unit of entitlement, until the lowest
  // limit is met (those tenants leave, exactly at their limit) or the fleet is used up (done).
  while (active.size > 0) {
    let weight = 0;
    for (const i of active) weight += (tenants[i] as FairShareInput).entitlement;
    const fleetLevel = Math.max(0, left) / weight;
    let level = fleetLevel;
    for (const i of active) level = Math.min(level, ((limit[i] as number) - (share[i] as number)) / (tenants[i] as FairShareInput).entitlement);
    const threshold = level * (1 + 1e-12);
    for (const i of [...active]) {
      const e = (tenants[i] as FairShareInput).entitlement;
      const before = share[i] as number;
      const reached = ((limit[i] as number) - before) / e <= threshold;
      share[i] = reached ? (limit[i] as number) : before + level * e;
      left -= (share[i] as number) - before;
      if (reached) active.delete(i);
    }
    if (level >= fleetLevel) break;
  }
  return share;
}

/** Jain's index (Σx)² / (n·Σx²) of non-negative values; null when there are none or all are 0. */
export function jainIndex(values: readonly number[]): number | null {
  let sum = 0;
  let squares = 0;
  for (const v of values) {
    sum += v;
    squares += v * v;
  }
  return values.length === 0 || squares === 0 ? null : (sum * sum) / (values.length * squares);
}
