import type { GpuName } from "../model/gpus.js";
import type { RunningJobView } from "../policies/types.js";
import type { JobRequest } from "../workload/job-generator.js";
import type { TrainingPlan, TrainingWorkSpec } from "../workload/training.js";

/** Final state of a job, as jobs.csv writes it. */
export type JobStatus = "completed" | "rejected" | "failed" | "unfinished";

/** A job's life in the simulator. Policies see it through the read-only JobView. */
export class Job implements RunningJobView {
  readonly id: string;
  readonly workload: string;
  readonly tenant: string;
  readonly priority: number;
  readonly gpus: number;
  readonly gpuType: GpuName | undefined;
  readonly gpuMilli: number;
  /** Allowed GPU models (openb gpu_spec; narrowed by admission to the models with enough HBM). */
  gpuTypes: readonly GpuName[] | undefined;
  readonly singleNode: boolean | undefined;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly durationS: number;
  /** Model-driven work, if any. */
  readonly work: TrainingWorkSpec | undefined;
  estimateS: number;
  /** First start time in seconds (NaN until started); waits are measured to it. */
  startS = Number.NaN;
  /** Start of the current (or last) attempt. */
  attemptStartS = Number.NaN;
  /** When the current attempt's work began (after any restart overhead). */
  attemptWorkStartS = Number.NaN;
  /** Completion event of the current fixed-duration attempt. */
  attemptEvent = -1;
  /** Run time still to do for a fixed-duration job (it shrinks at each checkpoint an interrupted attempt kept). */
  remainingS: number;
  /** Times the job was interrupted (failure or preemption) and requeued. */
  restarts = 0;
  /** GPU-seconds of work lost to interruptions (re-executed later). */
  lostGpuS = 0;
  /**
   * Seconds spent writing checkpoints and in restart overheads, outside the work lost to
   * interruptions (so the two never overlap): the checkpoints and overheads of interrupted
   * attempts, and of finished training attempts; `endedCheckpointS` adds a completed attempt's.
   */
  checkpointS = 0;
  restartOverheadS = 0;
  /** Checkpoint pauses and restart overhead the current fixed-duration attempt plans (counted if it completes). */
  attemptPausesS = 0;
  attemptOverheadS = 0;
  /** Iterations of a training job safe in its last checkpoint. */
  savedIterations = 0;
  /** Requeue at the front of the queue (recovery policy `front`). */
  requeueFront = false;
  /** Order among jobs requeued to the front (-1 when queued normally); set by the queue. */
  frontSequence = -1;
  /** Start order among running jobs, and the planned end (first start + estimate); set by the running set. */
  runSequence = -1;
  plannedEndS = Number.NaN;
  /** True once the running set has moved the job past its planned end (see RunningJobs). */
  runOverdue = false;
  /** Position in the running set's heap (-1 when not running); set by the running set. */
  runHeapPosition = -1;
  /** Position in the wait queue's heap (-1 when not queued); set by the queue. */
  queuePosition = -1;
  /** Key of the job's group in the wait queue while queued (a key, not the group: a Job must not reach the queue); set by the queue. */
  queueGroupKey: string | undefined = undefined;
  /** When the job last entered the queue (submission or requeue). */
  queuedAtS = Number.NaN;
  /** Seconds spent waiting in the queue so far, over every attempt. */
  queuedS = 0;
  /** End time in seconds (NaN until ended). */
  endS = Number.NaN;
  /** GPUs held while running. */
  gpuIndices: readonly number[] = [];
  /** Node of a CPU-only job while running. */
  node: number | undefined;
  /** Final status once ended. */
  status: JobStatus | undefined;
  /** Why the job was rejected or failed (empty otherwise). */
  reason = "";
  /** Model-driven training plan, for jobs with `work`. */
  plan: TrainingPlan | undefined;
  /** HBM per GPU the job occupies (its plan's footprint), bytes; undefined: the whole HBM of its GPU share. */
  hbmBytesPerGpu: number | undefined;

  constructor(
    readonly index: number,
    readonly submitS: number,
    request: JobRequest,
  ) {
    this.id = `${request.workload}-${request.ordinal}`;
    this.workload = request.workload;
    this.tenant = request.tenant;
    this.priority = request.priority;
    this.gpus = request.gpus;
    this.gpuType = request.gpuType;
    this.gpuMilli = request.gpuMilli;
    this.gpuTypes = request.gpuTypes;
    this.singleNode = request.singleNode;
    this.cpuMilli = request.cpuMilli;
    this.memoryMiB = request.memoryMiB;
    this.durationS = request.durationS;
    this.work = request.work;
    this.estimateS = request.estimateS;
    this.remainingS = request.durationS;
  }

  /** Seconds of checkpoint writes over every attempt, once the job has ended. */
  get endedCheckpointS(): number {
    return this.checkpointS + (this.status === "completed" ? this.attemptPausesS : 0);
  }

  /** Seconds of restart overheads over every attempt, once the job has ended. */
  get endedRestartOverheadS(): number {
    return this.restartOverheadS + (this.status === "completed" ? this.attemptOverheadS : 0);
  }
}
