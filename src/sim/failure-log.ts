import type { Component } from "../failures/components.js";
import type { RowSink } from "../metrics/row-sink.js";

/** Columns of failures.csv. */
export const failureColumns = ["timeS", "event", "kind", "id", "gpus", "failedGpus", "downGpuS", "reexecutedGpuS", "jobsInterrupted"] as const;

/**
 * failures.csv: one row per failure (`fail`), per repair (`repair`) and per component still down
 * when the run ends (`unrepaired`). Columns sum to the `failures` block: `downGpuS` (GPU capacity
 * lost, credited when a GPU becomes healthy again, or at the end) to `lostGpuHours`, `reexecutedGpuS`
 * and `jobsInterrupted` to `reexecutedGpuHours` and `interruptions`; `fail` rows by kind are `events`.
 * A GPU held down by overlapping failures (its GPU and its node) counts once, like `failedGpus`.
 */
export class FailureLog {
  /** Per failed GPU: failures holding it down and when it went down. */
  private readonly downGpus = new Map<number, { failures: number; sinceS: number }>();
  private lostGpuS = 0;
  private interrupted = 0;

  constructor(private readonly sink: RowSink) {}

  /** A job interrupted by the failure being applied lost `lostGpuS` GPU-seconds of work. */
  workLost(lostGpuS: number): void {
    this.lostGpuS += lostGpuS;
    this.interrupted++;
  }

  /** A component failed at `nowS` (after its interruptions were applied). */
  failed(nowS: number, component: Component, failedGpus: number): void {
    for (const g of component.gpus) {
      const state = this.downGpus.get(g);
      if (state === undefined) this.downGpus.set(g, { failures: 1, sinceS: nowS });
      else state.failures++;
    }
    this.row(nowS, "fail", component.kind, component.id, component.gpus.length, failedGpus, 0);
  }

  /** A component's repair finished at `nowS`. */
  repaired(nowS: number, component: Component, failedGpus: number): void {
    let downGpuS = 0;
    for (const g of component.gpus) {
      const state = this.downGpus.get(g);
      if (state === undefined) continue;
      if (--state.failures === 0) {
        downGpuS += nowS - state.sinceS;
        this.downGpus.delete(g);
      }
    }
    this.row(nowS, "repair", component.kind, component.id, component.gpus.length, failedGpus, downGpuS);
  }

  /** A GPU started (`slowdown` > 1) or stopped straggling: no capacity lost, no job interrupted. */
  straggled(nowS: number, gpu: number, slowdown: number, failedGpus: number): void {
    this.row(nowS, slowdown === 1 ? "repair" : "fail", "straggler", String(gpu), 1, failedGpus, 0);
  }

  /** The run ended at `endS` with `stillDown` components unrepaired (once per outstanding failure): their GPUs' time down so far. */
  finish(endS: number, stillDown: readonly Component[], failedGpus: number): void {
    for (const component of stillDown) {
      let downGpuS = 0;
      for (const g of component.gpus) {
        const state = this.downGpus.get(g);
        if (state === undefined) continue;
        downGpuS += Math.max(0, endS - state.sinceS);
        this.downGpus.delete(g);
      }
      this.row(endS, "unrepaired", component.kind, component.id, component.gpus.length, failedGpus, downGpuS);
    }
  }

  private row(nowS: number, event: string, kind: string, id: string, gpus: number, failedGpus: number, downGpuS: number): void {
    this.sink.write([Math.round(nowS * 1e6) / 1e6, event, kind, id, gpus, failedGpus, downGpuS, this.lostGpuS, this.interrupted]);
    this.lostGpuS = 0;
    this.interrupted = 0;
  }
}
