import type { RandomStream } from "../../engine/rng.js";

/** What a router may know about a request. Read-only. */
export interface RouteRequestView {
  /** Request id (unique in the run). */
  readonly id: number;
  /** Arrival number of the request within its service (0, 1, ...). */
  readonly sequence: number;
  /** Service name. */
  readonly service: string;
  /** Request class name. */
  readonly requestClass: string;
  /** Prompt tokens. */
  readonly promptTokens: number;
  /** Region the request comes from. */
  readonly originRegion: string;
  /** One-way network latency in seconds from the request's origin to a region. */
  latencyToS(region: string): number;
}

/** What a router may know about a replica. Read-only. */
export interface ReplicaView {
  /** Region of the replica's GPUs. */
  readonly region: string;
  /** Requests waiting at the replica (not yet in its batch). */
  readonly queuedRequests: number;
  /** Requests in the replica's running batch. */
  readonly runningRequests: number;
  /** queued + running. */
  readonly outstandingRequests: number;
  /** Fraction of KV-cache blocks in use (0..1). */
  readonly kvUtilization: number;
  /** KV blocks in use plus those the waiting requests' prompts will take, as a fraction of the cache (may exceed 1). */
  readonly kvDemand: number;
  /** Most requests the replica batches at once. */
  readonly maxBatchSize: number;
}

/** Chooses the replica a request goes to. */
export interface RouterPolicy {
  /** Registry name. */
  readonly name: string;
  /** One line for `gpufleet policies`. */
  readonly description: string;
  /**
   * Index into `replicas` (the service's replicas that accept requests now, never empty), or null
   * to hold the request in the service's queue until a replica frees up. Must not mutate anything.
   */
  route(request: RouteRequestView, replicas: readonly ReplicaView[], rng: RandomStream): number | null;
}

/** Index of the replica with the smallest key (first on ties); -1 when empty. */
export function argMin(replicas: readonly ReplicaView[], key: (r: ReplicaView) => number): number {
  let best = -1;
  let bestKey = Number.POSITIVE_INFINITY;
  for (let i = 0; i < replicas.length; i++) {
    const k = key(replicas[i] as ReplicaView);
    if (k < bestKey) {
      bestKey = k;
      best = i;
    }
  }
  return best;
}
