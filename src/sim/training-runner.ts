import type { EventHandle } from "../engine/event-queue.js";
import type { Simulation } from "../engine/simulation.js";
import type { Cluster } from "../model/cluster.js";
import type { Network } from "../model/network/network.js";
import { RingAllReduce } from "../model/network/ring-all-reduce.js";
import { dataParallelGroups, iterationComputeS, type TrainingPlan, tensorParallelGroups } from "../workload/training.js";
import type { Job } from "./job.js";

/** Most simulated steps per job: longer jobs advance several iterations per step (see README). */
export const MAX_STEPS_PER_JOB = 256;

interface TrainingRun {
  job: Job;
  plan: TrainingPlan;
  computeS: number;
  iterationsLeft: number;
  iterationsPerStep: number;
  currentStep: number;
  rings: { ring: RingAllReduce; bytesPerIteration: number }[];
  outstanding: number;
  computeEvent: EventHandle;
  done: (jobIndex: number) => void;
}

/**
 * Runs model-driven training jobs: each step computes (cost model: FLOPs / (GPUs x peak x MFU))
 * and then all-reduces gradients over every data-parallel group and activations over every
 * tensor-parallel group through the flow-level network, so the same job is slower when its GPUs
 * are spread behind an oversubscribed spine and when other jobs share its links.
 */
export class TrainingRunner {
  private readonly runs = new Map<number, TrainingRun>();
  private readonly onComputeDone = (jobIndex: number): void => this.computeDone(jobIndex);
  private readonly onRingDone = (jobIndex: number): void => this.ringDone(jobIndex);

  constructor(
    private readonly sim: Simulation,
    private readonly network: Network,
    private readonly cluster: Cluster,
    /** Called with +GPUs when a job starts computing and −GPUs when it stops. */
    private readonly busyChanged: (deltaGpus: number) => void,
  ) {}

  /** Start a job on its placed GPUs; `done(jobIndex)` runs when its last iteration ends. */
  start(job: Job, plan: TrainingPlan, done: (jobIndex: number) => void): void {
    const gpus = job.gpuIndices;
    // The slowest GPU type in the placement sets the pace of synchronous training.
    let slowest = this.cluster.spec(this.cluster.nodes[this.cluster.nodeOfGpu(gpus[0] as number)]!.gpuType);
    for (const g of gpus) {
      const spec = this.cluster.spec(this.cluster.nodes[this.cluster.nodeOfGpu(g)]!.gpuType);
      if (spec.peakFlopsPerS[plan.dtype] < slowest.peakFlopsPerS[plan.dtype]) slowest = spec;
    }
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
      computeS: iterationComputeS(plan, gpus.length, slowest),
      iterationsLeft: plan.iterations,
      iterationsPerStep: Math.max(1, Math.ceil(plan.iterations / MAX_STEPS_PER_JOB)),
      currentStep: 0,
      rings,
      outstanding: 0,
      computeEvent: -1,
      done,
    };
    this.runs.set(job.index, run);
    this.startStep(run);
  }

  /** Uncontended run time estimate of a plan on `gpus` GPUs of a type, ignoring communication. */
  static computeOnlyS(plan: TrainingPlan, gpus: number, peak: Parameters<typeof iterationComputeS>[2]): number {
    return plan.iterations * iterationComputeS(plan, gpus, peak);
  }

  private startStep(run: TrainingRun): void {
    run.currentStep = Math.min(run.iterationsPerStep, run.iterationsLeft);
    this.busyChanged(run.job.gpus);
    run.computeEvent = this.sim.schedule(run.currentStep * run.computeS, this.onComputeDone, run.job.index);
  }

  private computeDone(jobIndex: number): void {
    const run = this.runs.get(jobIndex) as TrainingRun;
    this.busyChanged(-run.job.gpus);
    run.outstanding = run.rings.length;
    if (run.outstanding === 0) {
      this.stepDone(run);
      return;
    }
    for (const { ring, bytesPerIteration } of run.rings) ring.start(bytesPerIteration * run.currentStep, this.onRingDone, jobIndex);
  }

  private ringDone(jobIndex: number): void {
    const run = this.runs.get(jobIndex) as TrainingRun;
    if (--run.outstanding === 0) this.stepDone(run);
  }

  private stepDone(run: TrainingRun): void {
    run.iterationsLeft -= run.currentStep;
    if (run.iterationsLeft > 0) {
      this.startStep(run);
      return;
    }
    this.runs.delete(run.job.index);
    run.done(run.job.index);
  }
}
