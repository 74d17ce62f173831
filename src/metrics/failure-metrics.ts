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
  /** GPU-hours of ended jobs spent writing checkpoints. */
  checkpointGpuHours: number;
  /** GPU-hours of ended jobs spent in restart overheads (reload, re-initialize) before making progress again. */
  restartGpuHours: number;
  /** Job interruptions by failures. */
  interruptions: number;
  /** Mean time from a component's failure to its repair (waiting for a crew included), seconds. */
  meanTimeToRecoveryS: number | null;
  /** Time-averaged fraction of GPUs not failed. */
  availability: number;
  /** Useful share of allocated GPU-hours: 1 − (re-executed + checkpoint + restart) / allocated. */
  goodput: number | null;
}

/**
 * Collects failure events, repair times, lost capacity, re-executed work and the time ended jobs
 * spent on checkpoints and restarts, so goodput is the share of allocated GPU-hours that did new
 * work (Meta's "effective training time" in the Llama 3 report counts the same losses).
 */
export class FailureMetrics {
  private readonly events: Record<string, number> = {};
  private readonly failed = new TimeWeightedAverage(0);
  private repairs = 0;
  private repairSumS = 0;
  private reexecutedGpuS = 0;
  private checkpointGpuS = 0;
  private restartGpuS = 0;
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

  /** A job ended having spent these GPU-seconds on checkpoint writes and restart overheads. */
  onJobOverheads(checkpointGpuS: number, restartGpuS: number): void {
    this.checkpointGpuS += checkpointGpuS;
    this.restartGpuS += restartGpuS;
  }

  /** The summary block over [0, simulatedS]. */
  summary(simulatedS: number, totalGpus: number, allocatedGpuHours: number): FailuresSummary {
    const meanFailed = this.failed.average(0, simulatedS);
    const reexecutedGpuHours = this.reexecutedGpuS / 3600;
    const checkpointGpuHours = this.checkpointGpuS / 3600;
    const restartGpuHours = this.restartGpuS / 3600;
    const overheadGpuHours = reexecutedGpuHours + checkpointGpuHours + restartGpuHours;
    return {
      events: Object.fromEntries(Object.entries(this.events).sort(([a], [b]) => a.localeCompare(b))),
      lostGpuHours: round((meanFailed * simulatedS) / 3600),
      reexecutedGpuHours: round(reexecutedGpuHours),
      checkpointGpuHours: round(checkpointGpuHours),
      restartGpuHours: round(restartGpuHours),
      interruptions: this.interruptions,
      meanTimeToRecoveryS: this.repairs === 0 ? null : round(this.repairSumS / this.repairs),
      availability: totalGpus === 0 ? 1 : round(1 - meanFailed / totalGpus),
      goodput: allocatedGpuHours > 0 ? round(Math.max(0, 1 - overheadGpuHours / allocatedGpuHours)) : null,
    };
  }
}
