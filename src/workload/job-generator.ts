import { createSampler, distributionMean, type DistributionSpec, type Sampler } from "../engine/distributions.js";
import type { RngStreams } from "../engine/rng.js";
import type { GpuName } from "../model/gpus.js";
import { type ArrivalProcessSpec, createArrivalProcess, type NextArrival } from "./arrivals.js";
import type { JobSource } from "./job-source.js";
import type { TrainingWorkSpec } from "./training.js";

/** A `jobs` workload as the generator needs it (the validated scenario block). */
export interface JobsWorkloadSpec {
  name: string;
  count?: number | undefined;
  startS: number;
  arrival: ArrivalProcessSpec;
  gpus: number | DistributionSpec;
  gpuType?: GpuName | undefined;
  gpuMilli: number;
  cpuMilli: number;
  memoryMiB: number;
  durationS?: DistributionSpec | undefined;
  work?: TrainingWorkSpec | undefined;
  estimate: "mean" | "exact";
  tenant: string;
  priority: number;
}

/** What a generated job asks for. */
export interface JobRequest {
  /** Workload name. */
  workload: string;
  /** Per-workload ordinal (0-based). */
  ordinal: number;
  /** Tenant name. */
  tenant: string;
  /** Priority. */
  priority: number;
  /** GPUs (gang; 0 for CPU-only). */
  gpus: number;
  /** Share of each GPU in milli-GPUs (1000 = whole). */
  gpuMilli: number;
  /** Required GPU model, if any. */
  gpuType: GpuName | undefined;
  /** Allowed GPU models (a list, as openb's gpu_spec), if constrained. */
  gpuTypes?: readonly GpuName[] | undefined;
  /** All GPUs on one node (pods). */
  singleNode?: boolean | undefined;
  /** CPU in millicores. */
  cpuMilli: number;
  /** Host memory in MiB. */
  memoryMiB: number;
  /** True run time in seconds (NaN for model-driven jobs, whose run time the simulation decides). */
  durationS: number;
  /** Model-driven training work, when the job has it instead of a duration. */
  work: TrainingWorkSpec | undefined;
  /** Run time the scheduler believes, in seconds. */
  estimateS: number;
}

/**
 * Generates the jobs of one workload. Each property draws from its own named stream
 * (`<workload>:arrivals`, `:gpus`, `:duration`), so changing one never shifts the others.
 */
export class JobGenerator implements JobSource {
  private readonly nextArrival: NextArrival;
  private readonly sampleGpus: Sampler;
  private readonly sampleDuration: Sampler;
  private readonly meanDurationS: number;
  /** 0 only when the workload asks for CPU-only jobs (gpus: 0). */
  private readonly minGpus: number;
  private generated = 0;

  constructor(
    readonly spec: JobsWorkloadSpec,
    rng: RngStreams,
  ) {
    this.nextArrival = createArrivalProcess(spec.arrival, rng.stream(`${spec.name}:arrivals`));
    this.sampleGpus = createSampler(spec.gpus, rng.stream(`${spec.name}:gpus`));
    this.sampleDuration = spec.durationS === undefined ? () => Number.NaN : createSampler(spec.durationS, rng.stream(`${spec.name}:duration`));
    this.meanDurationS = spec.durationS === undefined ? Number.NaN : distributionMean(spec.durationS, true);
    this.minGpus = spec.gpus === 0 ? 0 : 1;
  }

  /** Workload name. */
  get name(): string {
    return this.spec.name;
  }

  /** True while the workload's count allows another arrival. */
  get hasMore(): boolean {
    return this.spec.count === undefined || this.generated < this.spec.count;
  }

  /** Time of the first arrival. */
  firstArrivalS(): number {
    return this.nextArrival(this.spec.startS);
  }

  /** Time of the arrival after one at `previousS`. */
  nextArrivalS(previousS: number): number {
    return this.nextArrival(previousS);
  }

  /** Draw the next job's request. */
  next(): JobRequest {
    const sampled = this.sampleDuration();
    const durationS = Number.isNaN(sampled) ? sampled : Math.max(0, sampled);
    return {
      workload: this.spec.name,
      ordinal: this.generated++,
      tenant: this.spec.tenant,
      priority: this.spec.priority,
      gpus: Math.max(this.minGpus, Math.round(this.sampleGpus())),
      gpuMilli: this.spec.gpuMilli,
      gpuType: this.spec.gpuType,
      cpuMilli: this.spec.cpuMilli,
      memoryMiB: this.spec.memoryMiB,
      durationS,
      work: this.spec.work,
      estimateS: this.spec.estimate === "exact" ? durationS : this.meanDurationS,
    };
  }
}
