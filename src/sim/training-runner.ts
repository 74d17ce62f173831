import type { EventHandle } from "../engine/event-queue.js";
import type { Simulation } from "../engine/simulation.js";
import type { Cluster } from "../model/cluster.js";
import type { GpuSpec } from "../model/gpus.js";
import type { Network } from "../model/network/network.js";
import { RingAllReduce } from "../model/network/ring-all-reduce.js";
import { dataParallelGroups, iterationComputeS, type TrainingPlan, tensorParallelGroups } from "../workload/training.js";
import type { Job } from "./job.js";

/** Most simulated steps per job: longer jobs advance several iterations per step, paying every iteration's latency (see README). */
export const MAX_STEPS_PER_JOB = 256;

type Phase = "starting" | "computing" | "communicating" | "checkpointing";

interface TrainingRun {
  job: Job;
  plan: TrainingPlan;
  computeS: number;
  iterationsDone: number;
  iterationsPerStep: number;
  currentStep: number;
  rings: { ring: RingAllReduce; bytesPerIteration: number }[];
  outstanding: number;
  phase: Phase;
  event: EventHandle;
  /** Time the job's state was last durable (attempt start or last checkpoint). */
  durableS: number;
  /** Restart overhead paid in this attempt but not yet behind a durable point (lost if interrupted first). */
  pendingOverheadS: number;
  done: (jobIndex: number) => void;
}

/**
 * Runs model-driven training jobs: each step computes (cost model: FLOPs / (GPUs x peak x MFU))
 * and then all-reduces gradients over every data-parallel group and activations over every
 * tensor-parallel group through the flow-level network, so the same job is slower when its GPUs
 * are spread behind an oversubscribed spine and when other jobs share its links. Jobs with a
 * checkpoint interval pause to write checkpoints; an interrupted job keeps the iterations of its
 * last checkpoint and pays a restart overhead when it runs again.
 */
export class TrainingRunner {
  private readonly runs = new Map<number, TrainingRun>();
  /** The restart overhead is over: the first step starts. */
  private readonly onStepStart = (jobIndex: number): void => {
    const run = this.runs.get(jobIndex) as TrainingRun;
    run.pendingOverheadS = run.plan.restartOverheadS;
    this.startStep(run);
  };
  private readonly onComputeDone = (jobIndex: number): void => this.computeDone(jobIndex);
  private readonly onRingDone = (jobIndex: number): void => this.ringDone(jobIndex);
  private readonly onCheckpointDone = (jobIndex: number): void => this.checkpointDone(jobIndex);

  constructor(
    private readonly sim: Simulation,
    private readonly network: Network,
    private readonly cluster: Cluster,
    /** Called with +GPUs when a job starts computing and −GPUs when it stops. */
    private readonly busyChanged: (deltaGpus: number) => void,
    /** Slow-down factor of a GPU right now (stragglers), 1 when healthy. */
    private readonly gpuSlowdown: (gpu: number) => number = () => 1,
  ) {}

  /** Start (or restart) a job on its placed GPUs; `done(jobIndex)` runs when its last iteration ends. */
  start(job: Job, plan: TrainingPlan, done: (jobIndex: number) => void): void {
    const gpus = job.gpuIndices;
    const rankGpu = (rank: number) => gpus[rank] as number;
    const rings: TrainingRun["rings"] = [];
    if (plan.data > 1 && plan.allreduceBytes > 0) {
      for (const group of dataParallelGroups(plan)) rings.push({ ring: new RingAllReduce(this.network, group.map(rankGpu)), bytesPerIteration: plan.allreduceBytes });
    }
    if (plan.tensor > 1 && plan.tensorParallelBytes > 0) {
      for (const group of tensorParallelGroups(plan)) rings.push({ ring: new RingAllReduce(this.network, group.map(rankGpu)), bytesPerIteration: plan.tensorParallelBytes });
    }
    const run: TrainingRun = {
      job,
      plan,
      computeS: iterationComputeS(plan, gpus.length, this.slowestGpu(gpus, plan)),
      iterationsDone: job.savedIterations,
      iterationsPerStep: Math.max(1, Math.ceil(plan.iterations / MAX_STEPS_PER_JOB)),
      currentStep: 0,
      rings,
      outstanding: 0,
      phase: "starting",
      event: -1,
      durableS: this.sim.nowS,
      pendingOverheadS: 0,
      done,
    };
    this.runs.set(job.index, run);
    if (job.restarts > 0 && plan.restartOverheadS > 0) run.event = this.sim.schedule(plan.restartOverheadS, this.onStepStart, job.index);
    else this.startStep(run);
  }

  /** Stop a running job; returns the seconds of progress lost since its state was last durable. */
  stop(job: Job): number {
    const run = this.runs.get(job.index);
    if (run === undefined) return 0;
    this.runs.delete(job.index);
    if (run.event !== -1) this.sim.cancel(run.event);
    if (run.phase === "computing") this.busyChanged(-job.gpus);
    for (const { ring } of run.rings) ring.cancel();
    return this.sim.nowS - run.durableS;
  }

  /** The slowest GPU of a placement sets the pace of synchronous training (stragglers included). */
  private slowestGpu(gpus: readonly number[], plan: TrainingPlan): GpuSpec {
    let slowest: GpuSpec | undefined;
    let slowestFlops = Number.POSITIVE_INFINITY;
    for (const g of gpus) {
      const spec = this.cluster.spec(this.cluster.nodes[this.cluster.nodeOfGpu(g)]!.gpuType);
      const flops = spec.peakFlopsPerS[plan.dtype] / this.gpuSlowdown(g);
      if (flops < slowestFlops) [slowest, slowestFlops] = [spec, flops];
    }
    const base = slowest as GpuSpec;
    return { ...base, peakFlopsPerS: { ...base.peakFlopsPerS, [plan.dtype]: slowestFlops } };
  }

  private startStep(run: TrainingRun): void {
    run.currentStep = Math.min(run.iterationsPerStep, run.plan.iterations - run.iterationsDone);
    run.phase = "computing";
    this.busyChanged(run.job.gpus);
    run.computeS = iterationComputeS(run.plan, run.job.gpus, this.slowestGpu(run.job.gpuIndices, run.plan));
    run.event = this.sim.schedule(run.currentStep * run.computeS, this.onComputeDone, run.job.index);
  }

  private computeDone(jobIndex: number): void {
    const run = this.runs.get(jobIndex) as TrainingRun;
    run.event = -1;
    this.busyChanged(-run.job.gpus);
    run.phase = "communicating";
    run.outstanding = run.rings.length;
    if (run.outstanding === 0) {
      this.stepDone(run);
      return;
    }
    // Each iteration of the step pays its own α and path latency; the bytes of all of them flow together.
    for (const { ring, bytesPerIteration } of run.rings) ring.start(bytesPerIteration, this.onRingDone, jobIndex, run.currentStep);
  }

  private ringDone(jobIndex: number): void {
    const run = this.runs.get(jobIndex);
    if (run !== undefined && --run.outstanding === 0) this.stepDone(run);
  }

  private stepDone(run: TrainingRun): void {
    run.iterationsDone += run.currentStep;
    if (run.iterationsDone >= run.plan.iterations) {
      this.runs.delete(run.job.index);
      run.job.savedIterations = run.plan.iterations;
      run.job.restartOverheadS += run.pendingOverheadS;
      run.done(run.job.index);
      return;
    }
    const intervalS = run.plan.checkpointIntervalS;
    if (intervalS !== undefined && this.sim.nowS - run.durableS >= intervalS) {
      run.phase = "checkpointing";
      run.event = this.sim.schedule(run.plan.checkpointS, this.onCheckpointDone, run.job.index);
      return;
    }
    this.startStep(run);
  }

  private checkpointDone(jobIndex: number): void {
    const run = this.runs.get(jobIndex) as TrainingRun;
    run.event = -1;
    run.job.savedIterations = run.iterationsDone;
    run.durableS = this.sim.nowS;
    // Time since the last durable point is lost on an interruption; behind this one, the write and any overhead are not.
    run.job.checkpointS += run.plan.checkpointS;
    run.job.restartOverheadS += run.pendingOverheadS;
    run.pendingOverheadS = 0;
    this.startStep(run);
  }
}
