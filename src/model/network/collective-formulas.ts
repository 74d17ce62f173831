/**
 * Closed-form, uncontended collective times (the α–β model with the nccl-tests bus-bandwidth
 * terms) for n GPUs, message size S bytes, per-step latency α, bottleneck bandwidth B per
 * direction and efficiency eff. The simulated collectives in collectives.ts reduce to these
 * exactly when nothing else shares their links:
 *
 * - ring all-reduce:      t = 2(n−1)·α + 2(n−1)/n · S/(eff·B)
 * - tree all-reduce:      t = 2⌈log₂n⌉·(α + S/(eff·B))        (binomial-tree reduce, then broadcast)
 * - all-gather:           t = (n−1)·α + (n−1)/n · S/(eff·B)    (S = gathered output size)
 * - reduce-scatter:       t = (n−1)·α + (n−1)/n · S/(eff·B)    (S = input size per GPU)
 * - all-to-all:           t = α + (n−1)/n · S/(eff·B)          (S = send buffer per GPU; B = injection bandwidth)
 * - broadcast (pipelined chain, c chunks): t = (n−2+c)·(α + S/(c·eff·B))
 */

/** Collective algorithms the network model simulates. */
export type CollectiveKind = "all-reduce-ring" | "all-reduce-tree" | "all-gather" | "reduce-scatter" | "all-to-all" | "broadcast";

/** Every collective kind. */
export const collectiveKinds: readonly CollectiveKind[] = [
  "all-reduce-ring",
  "all-reduce-tree",
  "all-gather",
  "reduce-scatter",
  "all-to-all",
  "broadcast",
];

/** Inputs of the closed forms. */
export interface CollectiveFormulaInput {
  /** Number of GPUs. */
  n: number;
  /** Message size S in bytes (see the per-kind meaning above). */
  bytes: number;
  /** Per-step latency α in seconds (include the path's wire latency for multi-node sets). */
  alphaS: number;
  /** Bottleneck bandwidth B per direction in bytes/s. */
  bytesPerS: number;
  /** Bus-bandwidth efficiency (default 1). */
  efficiency?: number;
  /** Broadcast pipeline chunks (default 8). */
  chunks?: number;
}

/** Default number of pipeline chunks of a broadcast. */
export const DEFAULT_BROADCAST_CHUNKS = 8;

/** Number of steps the simulated algorithm takes for n GPUs. */
export function collectiveSteps(kind: CollectiveKind, n: number, chunks = DEFAULT_BROADCAST_CHUNKS): number {
  if (n <= 1) return 0;
  switch (kind) {
    case "all-reduce-ring":
      return 2 * (n - 1);
    case "all-reduce-tree":
      return 2 * Math.ceil(Math.log2(n));
    case "all-gather":
    case "reduce-scatter":
      return n - 1;
    case "all-to-all":
      return 1;
    case "broadcast":
      return n - 2 + chunks;
  }
}

/** Uncontended time in seconds of a collective, from the closed forms above. */
export function uncontendedTimeS(kind: CollectiveKind, input: CollectiveFormulaInput): number {
  const { n, bytes, alphaS, bytesPerS } = input;
  if (n <= 1) return 0;
  const bw = (input.efficiency ?? 1) * bytesPerS;
  const steps = collectiveSteps(kind, n, input.chunks);
  switch (kind) {
    case "all-reduce-ring":
      return steps * alphaS + ((2 * (n - 1)) / n) * (bytes / bw);
    case "all-reduce-tree":
      return steps * (alphaS + bytes / bw);
    case "all-gather":
    case "reduce-scatter":
    case "all-to-all":
      return steps * alphaS + ((n - 1) / n) * (bytes / bw);
    case "broadcast": {
      const chunks = input.chunks ?? DEFAULT_BROADCAST_CHUNKS;
      return steps * (alphaS + bytes / chunks / bw);
    }
  }
}

/** Ring all-reduce time, t = 2(n−1)·α + 2(n−1)/n · S/(eff·B). */
export function ringAllReduceTimeS(n: number, bytes: number, alphaS: number, bytesPerS: number, efficiency = 1): number {
  return uncontendedTimeS("all-reduce-ring", { n, bytes, alphaS, bytesPerS, efficiency });
}

/** nccl-tests bus-bandwidth factor: busbw = algbw × factor, algbw = S / t. */
export function busBandwidthFactor(kind: CollectiveKind, n: number): number {
  if (kind === "all-reduce-ring" || kind === "all-reduce-tree") return (2 * (n - 1)) / n;
  if (kind === "broadcast") return 1;
  return (n - 1) / n;
}

/** Bus bandwidth in bytes/s of a collective that moved `bytes` in `timeS` (nccl-tests definition). */
export function busBandwidthBytesPerS(kind: CollectiveKind, n: number, bytes: number, timeS: number): number {
  return (bytes / timeS) * busBandwidthFactor(kind, n);
}
