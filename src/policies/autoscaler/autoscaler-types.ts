/** What an autoscaler sees of its service at a decision. Read-only. */
export interface AutoscalerView {
  /** Simulated time now. */
  readonly nowS: number;
  /** Replicas serving now. */
  readonly readyReplicas: number;
  /** Replicas whose GPUs are held but still loading the model. */
  readonly provisioningReplicas: number;
  /** Fewest replicas allowed. */
  readonly minReplicas: number;
  /** Most replicas allowed. */
  readonly maxReplicas: number;
  /**
   * Compute utilization since the last decision (0..1): seconds of FLOPs at the sustained rate over
   * ready replica-seconds (as DCGM's tensor-active metric; a replica iterating on a few decodes is
   * busy but barely utilized).
   */
  readonly utilization: number;
  /** Fraction of ready replica time spent iterating at all (0..1). */
  readonly busyFraction: number;
  /** Time-averaged outstanding requests (queued anywhere + running) since the last decision. */
  readonly meanOutstandingRequests: number;
  /** Requests waiting now (service queue and replica queues). */
  readonly queuedRequests: number;
  /** Arrivals per second since the last decision. */
  readonly arrivalRatePerS: number;
  /** Target busy fraction from the scenario. */
  readonly targetUtilization: number;
  /** Target outstanding requests per replica from the scenario. */
  readonly targetOutstanding: number;
}

/** Decides how many replicas a service wants. */
export interface AutoscalerPolicy {
  /** Registry name. */
  readonly name: string;
  /** One line for `gpufleet policies`. */
  readonly description: string;
  /** Desired replica count (the runner clamps it to [min, max] and applies the delays). */
  desiredReplicas(view: AutoscalerView): number;
}
