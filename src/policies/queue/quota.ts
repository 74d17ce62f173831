import type { JobView, QueueContext, QueuePolicy } from "../types.js";

/** True when the job keeps its tenant within its quota. */
export function withinQuota(job: JobView, context: QueueContext): boolean {
  return context.usage(job.tenant).gpus + job.gpus <= context.tenant(job.tenant).quotaGpus;
}

/**
 * Quota enforcement: jobs that keep their tenant within its GPU quota go first (FIFO); jobs beyond
 * the quota may borrow idle GPUs when the tenant allows borrowing (least-over-quota tenant first),
 * and never start otherwise. With `scheduler.preemption: reclaim`, a tenant under its quota takes
 * borrowed GPUs back by preempting the borrowers' most recent jobs.
 */
export const quota: QueuePolicy = {
  name: "quota",
  description: "Tenant quotas: within-quota jobs first; beyond it only by borrowing idle GPUs (reclaimed by preemption if enabled).",
  dynamic: true,
  groupKey: (job: JobView) => job.tenant,
  admit: (job: JobView, context: QueueContext) => withinQuota(job, context) || context.tenant(job.tenant).borrowing,
  compare: (a: JobView, b: JobView, context: QueueContext) => {
    const aIn = withinQuota(a, context);
    const bIn = withinQuota(b, context);
    if (aIn !== bIn) return aIn ? -1 : 1;
    if (aIn) return a.submitS - b.submitS;
    const over = (j: JobView) => context.usage(j.tenant).gpus / Math.max(1, context.tenant(j.tenant).quotaGpus);
    return over(a) - over(b) || a.submitS - b.submitS;
  },
};
