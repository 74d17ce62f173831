import type { Cluster } from "../model/cluster.js";
import { type CalibrationProfile, readCalibrationProfile } from "../cost/calibration-profile.js";
import { toGiB } from "../model/memory.js";
import { gpuTypeAllowed } from "../model/resources.js";
import { iterationComputeS, layoutProblem, trainingPlan } from "../workload/training.js";
import type { Job } from "./job.js";

/** Allowance for communication in the run-time estimate of a model-driven job (compute-only x this). */
const COMMUNICATION_ALLOWANCE = 1.2;

/**
 * Prepares model-driven jobs on arrival: the training plan for their GPU count, the run-time
 * estimate schedulers see, and rejection with a reason when the layout cannot work or the
 * per-GPU memory fits no GPU model the job may use.
 */
export class WorkAdmission {
  private readonly profiles = new Map<string, CalibrationProfile>();

  constructor(private readonly cluster: Cluster) {}

  /** A calibration profile, read once per path. */
  private profile(profilePath: string): CalibrationProfile {
    let profile = this.profiles.get(profilePath);
    if (profile === undefined) {
      profile = readCalibrationProfile(profilePath);
      this.profiles.set(profilePath, profile);
    }
    return profile;
  }

  /** Attach a plan and estimate to a job with `work`, or set `job.reason` when it must be rejected. */
  prepare(job: Job): void {
    const work = job.work;
    if (work === undefined) return;
    const layout = layoutProblem(work, job.gpus);
    if (layout !== null) {
      job.reason = `layout: ${layout}`;
      return;
    }
    const plan = trainingPlan(work, job.gpus);
    if (work.calibration !== undefined) plan.calibration = { profile: this.profile(work.calibration), transfer: work.transfer === "efficiency" };
    const types = this.cluster.gpuTypes.filter((t) => gpuTypeAllowed(job, t));
    const fitting = types.filter((t) => this.cluster.spec(t).hbmBytes >= plan.memory.total);
    if (fitting.length === 0) {
      const largest = Math.max(0, ...types.map((t) => this.cluster.spec(t).hbmBytes));
      job.reason = `memory: needs ${toGiB(plan.memory.total)} GiB per GPU, the largest allowed GPU has ${toGiB(largest)} GiB`;
      return;
    }
    job.plan = plan;
    job.hbmBytesPerGpu = plan.memory.total;
    // Only models with enough HBM may take the job: placement then never picks a GPU that is too small.
    if (fitting.length < types.length) job.gpuTypes = fitting;
    const fastest = fitting.map((t) => this.cluster.spec(t)).sort((a, b) => b.peakFlopsPerS[plan.dtype] - a.peakFlopsPerS[plan.dtype])[0];
    if (fastest !== undefined) job.estimateS = plan.iterations * iterationComputeS(plan, job.gpus, fastest) * COMMUNICATION_ALLOWANCE;
  }
}
