import { round } from "./stats.js";
import { TimeWeightedAverage } from "./time-weighted.js";

/** The `failures` block of summary.json. */
export interface FailuresSummary {
  /** Failure events by component class (gpu, node, link, rack, region, straggler). */
  events: Record<string, number>;
  /** GPU capacity lost to failures: failed GPUs x hours down. */
  lostGpuHours: number;
  /** Work GPU-hours redone because interrupted jobs lost progress since their last checkpoint. */
  reexecutedGpuHours: number;
  /** Job interruptions by failures. */
  interruptions: number;
  /** Mean time from a component's failure to its repair (waiting for a crew included), seconds. */
  meanTimeToRecoveryS: number | null;
  /** Time-averaged fraction of GPUs not failed. */
  availability: number;
  /** Useful share of allocated GPU-hours: 1 − re-executed / allocated. */
  goodput: number | null;
}

/** Collects failure events, repair times, lost capacity and re-executed work. */
export class FailureMetrics {
  private readonly events: Record<string, number> = {};
  private readonly failed = new TimeWeightedAverage(0);
  private repairs = 0;
  private repairSumS = 0;
  private reexecutedGpuS = 0;
  private interruptions = 0;

  /** A component failed. */
  onFailure(kind: string): void {
    this.events[kind] = (this.events[kind] ?? 0) + 1;
  }

  /** A component came back after `downS` seconds. */
  onRepair(downS: number): void {
    this.repairs++;
    this.repairSumS += downS;
  }

  /** The number of failed GPUs changed. */
  onFailedGpus(nowS: number, failedGpus: number): void {
    this.failed.set(nowS, failedGpus);
  }

  /** A failure interrupted a job, which lost `lostGpuS` GPU-seconds of work. */
  onInterrupted(lostGpuS: number): void {
    this.interruptions++;
    this.reexecutedGpuS += lostGpuS;
  }

  /** The summary block over [0, simulatedS]. */
  summary(simulatedS: number, totalGpus: number, allocatedGpuHours: number): FailuresSummary {
    const meanFailed = this.failed.average(0, simulatedS);
    const reexecutedGpuHours = this.reexecutedGpuS / 3600;
    return {
      events: Object.fromEntries(Object.entries(this.events).sort(([a], [b]) => a.localeCompare(b))),
      lostGpuHours: round((meanFailed * simulatedS) / 3600),
      reexecutedGpuHours: round(reexecutedGpuHours),
      interruptions: this.interruptions,
      meanTimeToRecoveryS: this.repairs === 0 ? null : round(this.repairSumS / this.repairs),
      availability: totalGpus === 0 ? 1 : round(1 - meanFailed / totalGpus),
      goodput: allocatedGpuHours > 0 ? round(Math.max(0, 1 - reexecutedGpuHours / allocatedGpuHours)) : null,
    };
  }
}
