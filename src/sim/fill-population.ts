import type { RngStreams } from "../engine/rng.js";
import type { ResourceRequest } from "../model/resources.js";
import { isTraceWorkload, type TraceWorkload } from "../scenario/trace-schema.js";
import { JobGenerator, type JobsWorkloadSpec } from "../workload/job-generator.js";
import { podRequest, readOpenbPods } from "../workload/traces/openb-pods.js";

/** A workload the fill experiment can draw pods from: a trace, or a generator (its `count` draws). */
export type FillWorkload = TraceWorkload | ({ kind: "jobs" } & JobsWorkloadSpec);

/** A pod of the population, with the workload it came from. */
export interface PopulationPod extends ResourceRequest {
  /** Workload name. */
  readonly workload: string;
}

/** Draws from a generator workload without a count. */
const DEFAULT_GENERATED_PODS = 1000;

/**
 * The pods the fill protocol samples from: every valid pod of each trace workload (its `limit`
 * first ones), and `count` (default 1000) draws of each generator workload, which are one-node
 * pods here like the trace's.
 */
export function fillPopulation(workloads: readonly FillWorkload[], rng: RngStreams): PopulationPod[] {
  const pods: PopulationPod[] = [];
  for (const workload of workloads) {
    if (isTraceWorkload(workload)) {
      const list = readOpenbPods(workload.trace.path, { lenient: workload.trace.lenient, limit: workload.trace.limit });
      for (const pod of list.pods) pods.push({ ...podRequest(pod), workload: workload.name });
      continue;
    }
    const generator = new JobGenerator(workload, rng);
    const count = workload.count ?? DEFAULT_GENERATED_PODS;
    for (let i = 0; i < count; i++) {
      const job = generator.next();
      pods.push({ gpus: job.gpus, gpuMilli: job.gpuMilli, gpuType: job.gpuType, cpuMilli: job.cpuMilli, memoryMiB: job.memoryMiB, singleNode: true, workload: workload.name });
    }
  }
  return pods;
}

/**
 * The study's arrival sequence: pods drawn uniformly with replacement (stream `fill:sample`) until
 * their GPU request reaches `targetMilli`, then shuffled (stream `fill:shuffle`).
 */
export function sampleArrivals(population: readonly PopulationPod[], targetMilli: number, rng: RngStreams): PopulationPod[] {
  const draw = rng.stream("fill:sample");
  const arrivals: PopulationPod[] = [];
  let requestedMilli = 0;
  while (requestedMilli < targetMilli) {
    const pod = population[Math.floor(draw.next() * population.length)] as PopulationPod;
    arrivals.push(pod);
    requestedMilli += pod.gpus * pod.gpuMilli;
  }
  const shuffle = rng.stream("fill:shuffle");
  for (let i = arrivals.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle.next() * (i + 1));
    [arrivals[i], arrivals[j]] = [arrivals[j] as PopulationPod, arrivals[i] as PopulationPod];
  }
  return arrivals;
}
