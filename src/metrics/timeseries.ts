import type { RowSink } from "./row-sink.js";

/** Link classes whose mean utilization goes into timeseries.csv when the run has a network model. */
export const timeseriesLinkClasses = ["nvlink", "pcie", "nic", "leaf-uplink", "spine", "wan"] as const;

/** Columns of timeseries.csv every run has: the job state. */
export const coreTimeseriesColumns = ["timeS", "allocatedGpus", "busyGpus", "failedGpus", "queuedJobs", "runningJobs"] as const;

/** Columns a run with a network model appends: mean utilization per link class and the busiest link. */
export const networkTimeseriesColumns = [...timeseriesLinkClasses.map((c) => `${c.replace("leaf-uplink", "uplink")}Util`), "topLinkUtil", "topLink"] as const;

/** Columns of timeseries.csv: the job state, plus link utilizations when a network is simulated. */
export function timeseriesColumns(withNetwork: boolean): string[] {
  return withNetwork ? [...coreTimeseriesColumns, ...networkTimeseriesColumns] : [...coreTimeseriesColumns];
}

/**
 * Writes one timeseries.csv row per sample time (a row per time at most), ending with a row at
 * exactly the simulated end. Rows sampled after the latest activity are held back: if activity
 * follows they are written, if the run ends first (an idle tail past the last work, kept alive
 * only by pending events) those past the end are dropped.
 */
export class TimeseriesWriter {
  private lastS = Number.NEGATIVE_INFINITY;
  private lastSampleS = Number.NEGATIVE_INFINITY;
  private held: (number | string)[][] = [];

  constructor(private readonly sink: RowSink) {}

  /**
   * Record the state at `timeS`; `values` follow the columns after timeS. `lastActivityS` is the
   * time anything last changed (default `timeS`: write at once). Returns false if `timeS` was already taken.
   */
  sample(timeS: number, values: readonly (number | string)[], lastActivityS = timeS): boolean {
    if (timeS <= this.lastSampleS) return false;
    this.lastSampleS = timeS;
    // Held rows before the latest activity are inside the run; this one may be past its end.
    this.flushHeld(lastActivityS, true);
    const row = [timeS, ...values];
    if (lastActivityS < timeS) this.held.push(row);
    else this.write(row);
    return true;
  }

  /** End the table at `endS`: held rows up to it are written, later ones dropped, and the last row is at `endS`. */
  finish(endS: number, values: readonly (number | string)[]): void {
    this.flushHeld(endS);
    if (endS > this.lastS) this.write([endS, ...values]);
  }

  /** Write held rows up to `untilS`; the rest are kept (`keepRest`) or dropped. */
  private flushHeld(untilS: number, keepRest = false): void {
    if (this.held.length === 0) return;
    const rest: (number | string)[][] = [];
    for (const row of this.held) {
      if ((row[0] as number) <= untilS) this.write(row);
      else if (keepRest) rest.push(row);
    }
    this.held = rest;
  }

  private write(row: (number | string)[]): void {
    const timeS = row[0] as number;
    if (timeS <= this.lastS) return;
    this.lastS = timeS;
    row[0] = Math.round(timeS * 1e6) / 1e6;
    this.sink.write(row);
  }
}
