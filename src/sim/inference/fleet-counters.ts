import { CountHistogram } from "../../metrics/count-histogram.js";

/** A piecewise-constant quantity and its integral over time. */
export class Level {
  /** Current value. */
  value = 0;
  private areaS = 0;
  private lastS = 0;

  /** Change by `delta` at `nowS`. */
  add(nowS: number, delta: number): void {
    this.areaS += this.value * (nowS - this.lastS);
    this.lastS = nowS;
    this.value += delta;
  }

  /** Integral from 0 to `endS`. */
  integral(endS: number): number {
    return this.areaS + this.value * (endS - this.lastS);
  }

  /** Integral since the last `take` (or the start), then restart the window at `nowS`. */
  take(nowS: number): number {
    this.add(nowS, 0);
    const area = this.areaS - this.taken;
    this.taken = this.areaS;
    return area;
  }

  private taken = 0;
}

/** Fleet-wide engine figures: KV blocks of ready replicas, ready replicas, requests in system, batch sizes (blocks in use are kept per replica). */
export class FleetCounters {
  /** KV blocks of ready replicas. */
  readonly totalBlocks = new Level();
  /** Replicas serving. */
  readonly readyReplicas = new Level();
  /** Requests arrived and not yet ended. */
  readonly inSystem = new Level();
  /** Sequences per iteration. */
  readonly batchSizes = new CountHistogram();
  /** Last time a request arrived or ended. */
  lastActivityS = 0;
}
