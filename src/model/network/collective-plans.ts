/**
 * Step-by-step transfer plans of the collective algorithms, over ranks 0..n−1 (positions in the
 * job's GPU list). Each step is a set of rank-to-rank transfers of equal size that run at once;
 * the next step starts when the slowest one has arrived (plus α).
 *
 * - ring (all-reduce 2(n−1) steps; all-gather and reduce-scatter n−1 steps): rank i → i+1 mod n, S/n bytes;
 *   with r ring orders (NCCL channels) every ring carries S/r, all rings step together.
 * - tree all-reduce: binomial-tree reduce (step k: rank r with r mod 2^(k+1) = 2^k sends S to r − 2^k),
 *   then the mirror-image broadcast; 2⌈log₂n⌉ steps, each receiver hears one sender per step.
 * - all-to-all: one step, every ordered pair, S/n bytes.
 * - broadcast: pipelined chain from rank 0 with c chunks of S/c; at step s, edge e → e+1 carries chunk s − e.
 */
import { type CollectiveKind, collectiveSteps, DEFAULT_BROADCAST_CHUNKS } from "./collective-formulas.js";

/** One step: parallel transfers `src[i] → dst[i]` (ranks) of `bytes` each. */
export interface CollectiveStep {
  /** Sending ranks. */
  src: Int32Array;
  /** Receiving ranks. */
  dst: Int32Array;
  /** Bytes per transfer. */
  bytes: number;
  /** Steps with equal `pattern` move between the same rank pairs (lets callers cache per pattern). */
  pattern: number;
}

/** A collective's steps, generated on demand. */
export interface CollectivePlan {
  /** Number of steps. */
  steps: number;
  /** The i-th step (0-based). */
  step(i: number): CollectiveStep;
}

/** The plan of `kind` over n ranks for a message of `bytes` (meaning per kind as in collective-formulas.ts). */
export function collectivePlan(
  kind: CollectiveKind,
  n: number,
  bytes: number,
  chunks = DEFAULT_BROADCAST_CHUNKS,
  ringOrders?: readonly Int32Array[],
): CollectivePlan {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`a collective needs an integer number of GPUs >= 1, got ${n}`);
  if (!(bytes >= 0)) throw new RangeError(`collective size must be >= 0 bytes, got ${bytes}`);
  if (!(Number.isInteger(chunks) && chunks >= 1)) throw new RangeError(`broadcast chunks must be an integer >= 1, got ${chunks}`);
  const steps = collectiveSteps(kind, n, chunks);
  switch (kind) {
    case "all-reduce-ring":
    case "all-gather":
    case "reduce-scatter": {
      const ring = ringStep(n, bytes / n, ringOrders ?? [Int32Array.from({ length: n }, (_, i) => i)]);
      return { steps, step: () => ring };
    }
    case "all-to-all": {
      const all = allPairs(n, bytes / n);
      return { steps, step: () => all };
    }
    case "all-reduce-tree": {
      const depth = steps / 2;
      return { steps, step: (i) => binomialStep(n, bytes, i < depth ? i : 2 * depth - 1 - i, i < depth, i) };
    }
    case "broadcast":
      return { steps, step: (s) => chainStep(n, bytes / chunks, chunks, s) };
  }
}

function ringStep(n: number, bytes: number, orders: readonly Int32Array[]): CollectiveStep {
  const src = new Int32Array(n * orders.length);
  const dst = new Int32Array(n * orders.length);
  orders.forEach((order, r) => {
    if (order.length !== n) throw new RangeError(`ring order ${r} has ${order.length} ranks, expected ${n}`);
    for (let i = 0; i < n; i++) {
      src[r * n + i] = order[i] as number;
      dst[r * n + i] = order[(i + 1) % n] as number;
    }
  });
  return { src, dst, bytes: bytes / orders.length, pattern: 0 };
}

function allPairs(n: number, bytes: number): CollectiveStep {
  const src = new Int32Array(n * (n - 1));
  const dst = new Int32Array(n * (n - 1));
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      src[k] = i;
      dst[k++] = j;
    }
  }
  return { src, dst, bytes, pattern: 0 };
}

function binomialStep(n: number, bytes: number, level: number, reduce: boolean, pattern: number): CollectiveStep {
  const half = 2 ** level;
  const src: number[] = [];
  const dst: number[] = [];
  for (let r = 0; r < n; r++) {
    if (reduce && r % (2 * half) === half) {
      src.push(r);
      dst.push(r - half);
    } else if (!reduce && r % (2 * half) === 0 && r + half < n) {
      src.push(r);
      dst.push(r + half);
    }
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), bytes, pattern };
}

function chainStep(n: number, chunkBytes: number, chunks: number, s: number): CollectiveStep {
  const first = Math.max(0, s - chunks + 1);
  const last = Math.min(n - 2, s);
  const count = Math.max(0, last - first + 1);
  const src = new Int32Array(count);
  const dst = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    src[k] = first + k;
    dst[k] = first + k + 1;
  }
  return { src, dst, bytes: chunkBytes, pattern: s };
}
