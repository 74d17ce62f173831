/** One fill.csv row of one run, labelled with the run's policy and seed. */
export interface FillPoint {
  /** Placement policy of the run. */
  policy: string;
  /** Seed of the run. */
  seed: number;
  /** Arrived workload, % of cluster GPU capacity. */
  arrivedPct: number;
  /** Allocated GPU share, % of capacity. */
  allocatedPct: number;
  /** Fragmented GPU share, % of capacity. */
  fragmentationPct: number;
}

/** Mean and spread (min and max over seeds) of a value per policy and arrived workload. */
export interface FillBand {
  policy: string;
  arrivedPct: number;
  mean: number;
  min: number;
  max: number;
  seeds: number;
}

/** Aggregate a per-run value over seeds, per (policy, arrivedPct), in policy then arrivedPct order. */
export function fillBands(points: readonly FillPoint[], value: (p: FillPoint) => number): FillBand[] {
  const groups = new Map<string, { policy: string; arrivedPct: number; values: number[] }>();
  for (const p of points) {
    const key = `${p.policy}\u0000${p.arrivedPct}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { policy: p.policy, arrivedPct: p.arrivedPct, values: [] };
      groups.set(key, group);
    }
    group.values.push(value(p));
  }
  const bands = [...groups.values()].map((g) => ({
    policy: g.policy,
    arrivedPct: g.arrivedPct,
    mean: g.values.reduce((a, b) => a + b, 0) / g.values.length,
    min: Math.min(...g.values),
    max: Math.max(...g.values),
    seeds: g.values.length,
  }));
  return bands.sort((a, b) => (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : a.arrivedPct - b.arrivedPct));
}
