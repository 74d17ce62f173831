import type { GpuName } from "./gpus.js";

/** Milli-GPUs in a whole GPU (GPU sharing as in the Alibaba openb trace: gpuMilli 0-1000). */
export const WHOLE_GPU_MILLI = 1000;

/** What a job or pod asks of the cluster. */
export interface ResourceRequest {
  /** GPUs (a gang; 0 for CPU-only work). */
  readonly gpus: number;
  /** Share of each GPU in milli-GPUs: 1000 for whole GPUs, less for a shared single GPU. */
  readonly gpuMilli: number;
  /** Required GPU model, or undefined for any. */
  readonly gpuType: GpuName | undefined;
  /** Allowed GPU models (any one of them, e.g. an openb `gpu_spec` list); undefined for no list. */
  readonly gpuTypes?: readonly GpuName[] | undefined;
  /** True when all the request's GPUs must sit on one node (a pod: multi-GPU pods never span nodes). */
  readonly singleNode?: boolean | undefined;
  /** CPU for the whole request in millicores (split across nodes in proportion to GPUs). */
  readonly cpuMilli: number;
  /** Host memory for the whole request in MiB (split like CPU). */
  readonly memoryMiB: number;
  /** HBM the request occupies on each of its GPUs, bytes (default: its share of the whole HBM). */
  readonly hbmBytesPerGpu?: number | undefined;
}

/** CPU a request needs on a node that holds `gpusOnNode` of its GPUs. */
export function cpuShareMilli(request: ResourceRequest, gpusOnNode: number): number {
  return request.gpus === 0 ? request.cpuMilli : (request.cpuMilli * gpusOnNode) / request.gpus;
}

/** Memory a request needs on a node that holds `gpusOnNode` of its GPUs. */
export function memoryShareMiB(request: ResourceRequest, gpusOnNode: number): number {
  return request.gpus === 0 ? request.memoryMiB : (request.memoryMiB * gpusOnNode) / request.gpus;
}

/** True for a request that shares one GPU with others (gpus = 1, gpuMilli < 1000). */
export function isFractional(request: ResourceRequest): boolean {
  return request.gpus === 1 && request.gpuMilli < WHOLE_GPU_MILLI;
}

/** True when a GPU of model `type` satisfies the request's model constraints (gpuType and gpuTypes). */
export function gpuTypeAllowed(request: ResourceRequest, type: GpuName): boolean {
  return (request.gpuType === undefined || request.gpuType === type) && (request.gpuTypes === undefined || request.gpuTypes.includes(type));
}

/** The request's model constraint as text (`T4`, `P100|T4`), or `any`. */
export function gpuTypeText(request: ResourceRequest): string {
  return request.gpuTypes?.join("|") ?? request.gpuType ?? "any";
}
