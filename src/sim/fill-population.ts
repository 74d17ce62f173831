import { statSync } from "node:fs";
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

/** Parsed trace pod lists by file, options, size and modification time (a sweep reads each once per process). */
const traceCache = new Map<string, readonly PopulationPod[]>();
const TRACE_CACHE_FILES = 8;

function tracePods(workload: TraceWorkload): readonly PopulationPod[] {
  const { path, lenient, limit } = workload.trace;
  let stamp = "";
  try {
    const stat = statSync(path);
    stamp = `${stat.size}|${stat.mtimeMs}`;
  } catch {
    // Missing file: readOpenbPods reports it.
  }
  const key = `${path}|${lenient}|${limit}|${workload.name}|${stamp}`;
  let pods = traceCache.get(key);
  if (pods === undefined || stamp === "") {
    const list = readOpenbPods(path, { lenient, limit });
    pods = list.pods.map((pod) => ({ ...podRequest(pod), workload: workload.name }));
    if (traceCache.size >= TRACE_CACHE_FILES) traceCache.delete(traceCache.keys().next().value as string);
    traceCache.set(key, pods);
  }
  return pods;
}

/**
 * The pods the fill protocol samples from: every valid pod of each trace workload (its `limit`
 * first ones), and `count` (default 1000) draws of each generator workload, which are one-node
 * pods here like the trace's.
 */
export function fillPopulation(workloads: readonly FillWorkload[], rng: RngStreams): PopulationPod[] {
  const pods: PopulationPod[] = [];
  for (const workload of workloads) {
    if (isTraceWorkload(workload)) {
      pods.push(...tracePods(workload));
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

/** GPU request of a pod as the study's tuning counts it, milli-GPUs. */
const requestMilli = (pod: PopulationPod): number => (pod.gpus === 0 ? 0 : pod.gpus * pod.gpuMilli);

/**
 * The study's arrival sequence (its simulator's workload tuning, simulator.go
 * TunePodsByNodeTotalResource, with shufflePod on): the population shuffled (stream
 * `fill:shuffle`); when its GPU request is below `targetMilli`, pods drawn uniformly with
 * replacement (stream `fill:sample`) are appended in draw order until the next draw would pass the
 * target (the study tests the draw's per-GPU share, a quirk kept so that 8-GPU draws can overshoot
 * as theirs do); when above, pods at random positions (`fill:sample`) are removed until it is not.
 */
export function sampleArrivals(population: readonly PopulationPod[], targetMilli: number, rng: RngStreams): PopulationPod[] {
  const arrivals = [...population];
  const shuffle = rng.stream("fill:shuffle");
  for (let i = arrivals.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle.next() * (i + 1));
    [arrivals[i], arrivals[j]] = [arrivals[j] as PopulationPod, arrivals[i] as PopulationPod];
  }
  const draw = rng.stream("fill:sample");
  let requestedMilli = arrivals.reduce((sum, pod) => sum + requestMilli(pod), 0);
  while (requestedMilli > targetMilli && arrivals.length > 0) {
    const [removed] = arrivals.splice(Math.floor(draw.next() * arrivals.length), 1);
    requestedMilli -= requestMilli(removed as PopulationPod);
  }
  if (requestedMilli >= targetMilli) return arrivals;
  for (;;) {
    const pod = population[Math.floor(draw.next() * population.length)] as PopulationPod;
    if (requestedMilli + (pod.gpus === 0 ? 0 : pod.gpuMilli) > targetMilli) break;
    arrivals.push(pod);
    requestedMilli += requestMilli(pod);
  }
  return arrivals;
}
