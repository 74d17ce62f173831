import type { Simulation } from "../engine/simulation.js";
import type { Job } from "./job.js";

/** Checkpointing of fixed-duration jobs: every `intervalS` of progress, a pause of `durationS`. */
export interface CheckpointPolicy {
  /** Progress between checkpoints in seconds. */
  intervalS: number;
  /** Time one checkpoint takes in seconds. */
  durationS: number;
}

/**
 * Runs fixed-duration jobs: an attempt does the job's remaining work plus a checkpoint pause every
 * `intervalS` of progress (plus `restartOverheadS` when it is a restart). Stopping an attempt keeps
 * the progress of its last completed checkpoint and reports the run time lost since then.
 * Attempt state lives on the Job (no object per attempt, and no map of running attempts: this is
 * the hot path of large runs, and a Map's set/delete churn was 12 % of an M/M/c run's allocation).
 * An attempt is running while its completion event is pending: the engine's handles carry a
 * generation, so cancelling one that already ran (or was cancelled) is refused.
 */
export class DurationExecutor {
  constructor(
    private readonly sim: Simulation,
    private readonly checkpointOf: (job: Job) => CheckpointPolicy | undefined,
    private readonly restartOverheadOf: (job: Job) => number,
  ) {}

  /** Start an attempt; `done(jobIndex)` runs when the remaining work is finished. */
  start(job: Job, done: (jobIndex: number) => void): void {
    const overheadS = job.restarts > 0 ? this.restartOverheadOf(job) : 0;
    const workS = job.remainingS;
    const checkpoint = this.checkpointOf(job);
    const pausesS = checkpoint === undefined || workS <= 0 ? 0 : Math.floor(workS / checkpoint.intervalS - 1e-9) * checkpoint.durationS;
    job.attemptEvent = this.sim.schedule(overheadS + workS + pausesS, done, job.index);
    job.attemptWorkStartS = this.sim.nowS + overheadS;
    job.attemptPausesS = pausesS;
    job.attemptOverheadS = overheadS;
  }

  /** Stop a running attempt; returns the seconds of progress lost (since the last checkpoint). */
  stop(job: Job): number {
    if (job.attemptEvent < 0 || !this.sim.cancel(job.attemptEvent)) return 0;
    job.attemptEvent = -1;
    const elapsedS = Math.max(0, this.sim.nowS - job.attemptWorkStartS);
    const workS = job.remainingS;
    const checkpoint = this.checkpointOf(job);
    const savedS = checkpoint === undefined ? 0 : Math.min(workS, Math.floor(elapsedS / (checkpoint.intervalS + checkpoint.durationS)) * checkpoint.intervalS);
    job.remainingS = workS - savedS;
    const cycles = checkpoint === undefined ? 0 : savedS / checkpoint.intervalS;
    const pausedS = cycles * (checkpoint?.durationS ?? 0);
    // What the attempt spent on completed checkpoints and on its restart overhead is not lost work.
    job.checkpointS += pausedS;
    job.restartOverheadS += Math.min(job.attemptOverheadS, Math.max(0, this.sim.nowS - job.attemptStartS));
    job.attemptPausesS = 0;
    job.attemptOverheadS = 0;
    return Math.max(0, elapsedS - savedS - pausedS);
  }
}

/** The checkpoint policy of jobs that never checkpoint. */
export const noCheckpoint = (): CheckpointPolicy | undefined => undefined;
