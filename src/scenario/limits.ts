/**
 * Size limits on input: each bounds work or memory that a file could otherwise make unbounded
 * (a 50 MB scenario, 10^9 nodes, a trace path of /dev/zero). Messages name the limit and its value.
 */
export const limits = {
  /** Largest scenario or sweep file read, bytes. */
  scenarioFileBytes: 8 * 1024 * 1024,
  /** Most entries in `workloads`. */
  workloads: 1_000,
  /** Most nodes in a cluster, after rack counts. */
  nodes: 200_000,
  /** Most GPUs in a cluster. */
  gpus: 2_000_000,
  /** Most racks in a topology, after rack counts. */
  racks: 50_000,
  /** Most arrivals a workload may generate (its count, or ratePerS × horizon without one). */
  arrivals: 100_000_000,
  /** Most timeseries samples (horizon / report.sampleIntervalS). */
  samples: 10_000_000,
  /** Deepest nesting of mappings and lists in a scenario document. */
  depth: 32,
} as const;

/** Name of a limit as messages show it. */
export type LimitName = keyof typeof limits;

/** Nesting depth of a plain document (mappings and lists), stopping just past the limit. */
export function documentDepth(value: unknown, depth = 0): number {
  if (value === null || typeof value !== "object") return depth;
  if (depth > limits.depth) return depth;
  let deepest = depth + 1;
  for (const child of Object.values(value as Record<string, unknown>)) deepest = Math.max(deepest, documentDepth(child, depth + 1));
  return deepest;
}
