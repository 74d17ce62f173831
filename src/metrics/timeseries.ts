import type { RowSink } from "./row-sink.js";

/** Link classes whose mean utilization goes into timeseries.csv when the run has a network model. */
export const timeseriesLinkClasses = ["nvlink", "pcie", "nic", "leaf-uplink", "spine", "wan"] as const;

/** Columns of timeseries.csv: the job state, plus link utilizations when a network is simulated. */
export function timeseriesColumns(withNetwork: boolean): string[] {
  const base = ["timeS", "allocatedGpus", "busyGpus", "failedGpus", "queuedJobs", "runningJobs"];
  if (!withNetwork) return base;
  return [...base, ...timeseriesLinkClasses.map((c) => `${c.replace("leaf-uplink", "uplink")}Util`), "topLinkUtil", "topLink"];
}

/** Writes one timeseries.csv row per sample time (a row per time at most). */
export class TimeseriesWriter {
  private lastS = Number.NEGATIVE_INFINITY;

  constructor(private readonly sink: RowSink) {}

  /** Record the state at `timeS`; `values` follow the columns after timeS. Returns false if `timeS` was already written. */
  sample(timeS: number, values: readonly (number | string)[]): boolean {
    if (timeS <= this.lastS) return false;
    this.lastS = timeS;
    this.sink.write([Math.round(timeS * 1e6) / 1e6, ...values]);
    return true;
  }
}
