import { ScenarioError, message } from "../../messages.js";
import type { GpuName } from "../../model/gpus.js";
import type { JobRequest } from "../job-generator.js";
import type { JobSource } from "../job-source.js";
import { type OpenbPod, type OpenbPodList, podRequest, readOpenbPods } from "./openb-pods.js";

/** A trace workload as the replay needs it (the validated `job-trace` scenario block). */
export interface TraceReplaySpec {
  name: string;
  trace: { path: string; format: "openb"; lenient: boolean; limit?: number | undefined };
  startS: number;
  timeScale: number;
  estimate: "mean" | "exact";
  tenant: string;
  priority: number;
}

/** A job request from a trace: also the pod's allowed GPU models and that it runs on one node. */
export interface TraceJobRequest extends JobRequest {
  /** Allowed GPU models when the pod lists several (gpu_spec `A|B`). */
  gpuTypes: readonly GpuName[] | undefined;
  /** Always true: a pod's GPUs are on one node. */
  singleNode: boolean;
}

/** One pod ready to replay: arrival and run time in seconds. */
interface ReplayPod {
  readonly pod: OpenbPod;
  readonly arrivalS: number;
  readonly durationS: number;
}

/** Pods in arrival order with arrival = creation - first creation, run time = deletion - (scheduled or creation). */
function replayPods(list: OpenbPodList, spec: TraceReplaySpec): ReplayPod[] {
  if (!list.hasTimes) throw new ScenarioError(message.traceNoTimes(list.file));
  const timed = list.pods.filter((p) => p.creationS !== undefined && p.deletionS !== undefined);
  if (timed.length === 0) throw new ScenarioError(message.traceEmpty(list.file, "pods with creation_time and deletion_time"));
  const sorted = [...timed].sort((a, b) => (a.creationS as number) - (b.creationS as number) || a.line - b.line);
  const originS = sorted[0]?.creationS as number;
  return sorted.map((pod) => {
    const startS = pod.scheduledS ?? (pod.creationS as number);
    return {
      pod,
      arrivalS: spec.startS + ((pod.creationS as number) - originS) * spec.timeScale,
      durationS: Math.max(0, (pod.deletionS as number) - startS) * spec.timeScale,
    };
  });
}

/**
 * Replays an openb pod list in time (a JobSource): every pod arrives at its creation time relative
 * to the first pod's (plus `startS`, times scaled by `timeScale`), asks for its CPU, memory and GPUs
 * on one node, and runs for deletion - scheduled time (deletion - creation when it was never
 * scheduled). Rows with deletion before creation are bad rows (an error, or skipped when lenient);
 * pods without times are left out and counted in `untimed`.
 */
export class OpenbReplaySource implements JobSource {
  private readonly pods: ReplayPod[];
  private readonly meanDurationS: number;
  private cursor = 0;
  /** Pods left out because they lack a creation or deletion time. */
  readonly untimed: number;
  /** Rows skipped as bad (lenient mode). */
  readonly skipped: number;

  constructor(
    readonly spec: TraceReplaySpec,
    list: OpenbPodList = readOpenbPods(spec.trace.path, { lenient: spec.trace.lenient, limit: spec.trace.limit }),
  ) {
    this.pods = replayPods(list, spec);
    this.untimed = list.pods.length - this.pods.length;
    this.skipped = list.skipped;
    this.meanDurationS = this.pods.reduce((s, p) => s + p.durationS, 0) / this.pods.length;
  }

  /** Workload name. */
  get name(): string {
    return this.spec.name;
  }

  /** True while pods remain. */
  get hasMore(): boolean {
    return this.cursor < this.pods.length;
  }

  /** Number of pods the replay will submit. */
  get size(): number {
    return this.pods.length;
  }

  /** Arrival time of the first pod. */
  firstArrivalS(): number {
    return this.pods[0]?.arrivalS ?? Number.POSITIVE_INFINITY;
  }

  /** Arrival time of the next pod (traces fix their own times; `previousS` is not needed). */
  nextArrivalS(_previousS: number): number {
    return this.pods[this.cursor]?.arrivalS ?? Number.POSITIVE_INFINITY;
  }

  /** The pod arriving now. */
  next(): TraceJobRequest {
    const replay = this.pods[this.cursor] as ReplayPod;
    const request = podRequest(replay.pod);
    return {
      workload: this.spec.name,
      ordinal: this.cursor++,
      tenant: this.spec.tenant,
      priority: this.spec.priority,
      gpus: request.gpus,
      gpuMilli: request.gpuMilli,
      gpuType: request.gpuType,
      gpuTypes: request.gpuTypes,
      singleNode: true,
      cpuMilli: request.cpuMilli,
      memoryMiB: request.memoryMiB,
      durationS: replay.durationS,
      work: undefined,
      estimateS: this.spec.estimate === "exact" ? replay.durationS : this.meanDurationS,
    };
  }
}
