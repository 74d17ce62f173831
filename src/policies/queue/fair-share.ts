import type { JobView, QueueContext, QueuePolicy } from "../types.js";

/** A tenant's weighted dominant share (DRF): its larger share of GPUs or host memory, over its weight. */
export function dominantShare(tenant: string, context: QueueContext): number {
  const use = context.usage(tenant);
  const gpuShare = context.totalGpus > 0 ? use.gpus / context.totalGpus : 0;
  const memoryShare = Number.isFinite(context.totalMemoryMiB) && context.totalMemoryMiB > 0 ? use.memoryMiB / context.totalMemoryMiB : 0;
  return Math.max(gpuShare, memoryShare) / context.tenant(tenant).weight;
}

/**
 * Weighted fair share by Dominant Resource Fairness (Ghodsi et al., NSDI 2011) over GPUs and host
 * memory: the next job comes from the tenant with the lowest weighted dominant share; FIFO within a
 * tenant. Work-conserving: a tenant whose job does not fit does not block the others.
 */
export const fairShare: QueuePolicy = {
  name: "fair-share",
  description: "Weighted fair share (DRF over GPUs and host memory): the tenant with the lowest weighted dominant share goes first.",
  dynamic: true,
  groupKey: (job: JobView) => job.tenant,
  compare: (a: JobView, b: JobView, context: QueueContext) =>
    a.tenant === b.tenant ? a.submitS - b.submitS : dominantShare(a.tenant, context) - dominantShare(b.tenant, context),
};
