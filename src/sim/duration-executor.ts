import type { EventHandle } from "../engine/event-queue.js";
import type { Simulation } from "../engine/simulation.js";
import type { Job } from "./job.js";

/** Checkpointing of fixed-duration jobs: every `intervalS` of progress, a pause of `durationS`. */
export interface CheckpointPolicy {
  /** Progress between checkpoints in seconds. */
  intervalS: number;
  /** Time one checkpoint takes in seconds. */
  durationS: number;
}

interface Attempt {
  startS: number;
  workS: number;
  event: EventHandle;
  done: (jobIndex: number) => void;
}

/**
 * Runs fixed-duration jobs: an attempt does the job's remaining work plus a checkpoint pause every
 * `intervalS` of progress (plus `restartOverheadS` when it is a restart). Stopping an attempt keeps
 * the progress of its last completed checkpoint and reports the run time lost since then.
 */
export class DurationExecutor {
  private readonly attempts = new Map<number, Attempt>();
  private readonly finish = (jobIndex: number): void => {
    const attempt = this.attempts.get(jobIndex) as Attempt;
    this.attempts.delete(jobIndex);
    attempt.done(jobIndex);
  };

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
    const event = this.sim.schedule(overheadS + workS + pausesS, this.finish, job.index);
    this.attempts.set(job.index, { startS: this.sim.nowS + overheadS, workS, event, done });
  }

  /** Stop a running attempt; returns the seconds of progress lost (since the last checkpoint). */
  stop(job: Job): number {
    const attempt = this.attempts.get(job.index);
    if (attempt === undefined) return 0;
    this.sim.cancel(attempt.event);
    this.attempts.delete(job.index);
    const elapsedS = Math.max(0, this.sim.nowS - attempt.startS);
    const checkpoint = this.checkpointOf(job);
    const savedS = checkpoint === undefined ? 0 : Math.min(attempt.workS, Math.floor(elapsedS / (checkpoint.intervalS + checkpoint.durationS)) * checkpoint.intervalS);
    job.remainingS = attempt.workS - savedS;
    const cycles = checkpoint === undefined ? 0 : savedS / checkpoint.intervalS;
    return Math.max(0, elapsedS - savedS - cycles * (checkpoint?.durationS ?? 0));
  }
}
