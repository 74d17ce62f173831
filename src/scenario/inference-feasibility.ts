/**
 * Can a service ever run one replica on the scenario's cluster? Tensor parallelism must fit within
 * one node of the service's GPU type, and the weights sharded over those GPUs must leave room in
 * the usable HBM (gpuMemoryUtilization × HBM, as vLLM reserves it) for at least one KV block. A
 * service that fails either is bad input: every request would be rejected.
 */
import { kvCacheCapacity } from "../cost/kv-cache-capacity.js";
import { ScenarioError, message } from "../messages.js";
import type { GpuName, GpuSpec } from "../model/gpus.js";
import { type InferenceServiceSpec, resolveModel } from "../workload/inference-service.js";

/** What the check needs of a cluster: its nodes' GPU types and counts, and the GPU specs. */
export interface FitCluster {
  readonly nodes: readonly { readonly gpuType: GpuName; readonly gpuCount: number }[];
  spec(gpuType: GpuName): GpuSpec;
}

const GB = 1e9;

function gb(bytes: number): string {
  return `${(bytes / GB).toFixed(1)} GB`;
}

/** Why a service cannot run: the field at fault (under the workload) and the reason. */
export interface FitProblem {
  field: string[];
  why: string;
}

/** Why `spec` can never place a replica on `cluster`, or null when it can. */
export function serviceFitProblem(spec: InferenceServiceSpec, cluster: FitCluster): FitProblem | null {
  const tp = spec.replicas.tensorParallel;
  let widest = 0;
  for (const n of cluster.nodes) if (n.gpuType === spec.gpu && n.gpuCount > widest) widest = n.gpuCount;
  if (widest === 0) return { field: ["gpu"], why: `the cluster has no ${spec.gpu} node` };
  if (tp > widest) {
    return { field: ["replicas", "tensorParallel"], why: `tensorParallel ${tp} is wider than every ${spec.gpu} node (the largest has ${widest} GPUs; a replica runs within one node)` };
  }
  const model = resolveModel(spec.model);
  const gpu = cluster.spec(spec.gpu);
  const capacity = kvCacheCapacity(model, gpu, tp, spec.kvCache);
  if (capacity.fits) return null;
  const usable = gpu.hbmBytes * spec.kvCache.gpuMemoryUtilization;
  const weights = `weights of ${model.name} need ${gb(capacity.weightBytesPerGpu)} per GPU at tensorParallel ${tp}`;
  const usableText = `${gb(usable)} (kvCache.gpuMemoryUtilization ${spec.kvCache.gpuMemoryUtilization} × ${gb(gpu.hbmBytes)} HBM)`;
  const why =
    model.embedding || capacity.weightBytesPerGpu >= usable
      ? `${weights} but ${spec.gpu} offers ${usableText} (raise tensorParallel or pick a larger GPU)`
      : `${weights} out of the ${usableText} ${spec.gpu} offers, which leaves no room for one KV-cache block (raise tensorParallel or gpuMemoryUtilization)`;
  return { field: ["model"], why };
}

/** Throw a ScenarioError naming the first service of `workloads` that can never run a replica. */
export function checkServicesFit(file: string, workloads: readonly { readonly kind: string }[], cluster: FitCluster): void {
  workloads.forEach((w, i) => {
    if (w.kind !== "inference") return;
    const spec = w as InferenceServiceSpec;
    const problem = serviceFitProblem(spec, cluster);
    if (problem !== null) throw new ScenarioError(message.serviceCannotFit(file, ["workloads", i, ...problem.field], spec.name, problem.why));
  });
}
