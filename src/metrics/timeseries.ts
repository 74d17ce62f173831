import type { RowSink } from "./row-sink.js";

/** Columns of timeseries.csv for job workloads. */
export const timeseriesColumns = ["timeS", "allocatedGpus", "queuedJobs", "runningJobs"] as const;

/** What the sampler reads at each tick. */
export interface TimeseriesSource {
  readonly allocatedGpus: number;
  readonly queuedJobs: number;
  readonly runningJobs: number;
}

/** Writes one timeseries.csv row per sample. */
export class TimeseriesWriter {
  private lastS = Number.NEGATIVE_INFINITY;

  constructor(private readonly sink: RowSink) {}

  /** Record the state at `timeS` (skipped if a row for this time was already written). */
  sample(timeS: number, source: TimeseriesSource): void {
    if (timeS <= this.lastS) return;
    this.lastS = timeS;
    this.sink.write([Math.round(timeS * 1e6) / 1e6, source.allocatedGpus, source.queuedJobs, source.runningJobs]);
  }
}
