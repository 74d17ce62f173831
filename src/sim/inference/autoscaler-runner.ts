import type { AutoscalerPolicy, AutoscalerView } from "../../policies/autoscaler/autoscaler-types.js";
import type { AutoscalerSpec } from "../../workload/inference-service.js";
import type { InferenceService } from "./service.js";

/**
 * Runs a service's autoscaler every `intervalS`: measures compute utilization, outstanding requests and
 * arrival rate over the window, asks the policy for a replica count, clamps it to [min, max],
 * scales up at once (GPUs taken now, serving after the provisioning delay) and scales down only
 * after the desired count stayed lower for `scaleDownDelayS` (a stabilization window, as in
 * Kubernetes' HPA). It stops once the service has no arrivals left and nothing in flight.
 */
export class AutoscalerRunner {
  private lastS = 0;
  private lastComputeS = 0;
  private belowSinceS = Number.NaN;
  private readonly tickHandler = (): void => this.tick();

  constructor(
    private readonly service: InferenceService,
    private readonly spec: AutoscalerSpec,
    private readonly policy: AutoscalerPolicy,
  ) {}

  /** Schedule the first decision. */
  start(): void {
    this.lastS = this.service.ctxNowS();
    this.service.scheduleIn(this.spec.intervalS, this.tickHandler);
  }

  /** One decision (exposed for tests). */
  tick(): void {
    const s = this.service;
    const set = s.replicas;
    const nowS = s.ctxNowS();
    const windowS = Math.max(nowS - this.lastS, 1e-12);
    this.lastS = nowS;
    const busyArea = set.busy.take(nowS);
    const readyArea = set.ready.take(nowS);
    const view: AutoscalerView = {
      nowS,
      readyReplicas: set.accepting.length,
      provisioningReplicas: set.provisioning,
      minReplicas: this.spec.minReplicas,
      maxReplicas: this.spec.maxReplicas,
      utilization: readyArea > 0 ? Math.min(1, (set.computeS - this.lastComputeS) / readyArea) : 0,
      busyFraction: readyArea > 0 ? Math.min(1, busyArea / readyArea) : 0,
      meanOutstandingRequests: s.inSystem.take(nowS) / windowS,
      queuedRequests: s.queuedRequests,
      arrivalRatePerS: s.arrivalsInWindow / windowS,
      targetUtilization: this.spec.targetUtilization,
      targetOutstanding: this.spec.targetOutstanding,
    };
    s.arrivalsInWindow = 0;
    this.lastComputeS = set.computeS;
    const raw = Math.round(this.policy.desiredReplicas(view));
    const desired = Math.min(this.spec.maxReplicas, Math.max(this.spec.minReplicas, Number.isFinite(raw) ? raw : set.active));
    const active = set.active;
    if (desired > active) {
      this.belowSinceS = Number.NaN;
      set.scaleTo(desired);
    } else if (desired < active) {
      if (Number.isNaN(this.belowSinceS)) this.belowSinceS = nowS;
      if (nowS - this.belowSinceS >= this.spec.scaleDownDelayS) {
        this.belowSinceS = Number.NaN;
        set.scaleTo(desired);
      }
    } else {
      this.belowSinceS = Number.NaN;
      if (set.blocked) set.ensure();
    }
    if (s.hasMoreArrivals || s.inSystem.value > 0 || set.provisioning > 0) s.scheduleIn(this.spec.intervalS, this.tickHandler);
  }
}
