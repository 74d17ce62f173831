import type { BackfillPolicy, JobView } from "../types.js";

/**
 * When a running job is expected to end. A job that has outlived its estimate is assumed to need
 * its estimate once more (rather than to end "now", which would make the head look startable and
 * freeze all backfilling behind it).
 */
function expectedEndS(startS: number, estimateS: number, nowS: number): number {
  const endS = startS + estimateS;
  return endS > nowS ? endS : nowS + estimateS;
}

/**
 * EASY backfilling (Lifka 1995; Mu'alem & Feitelson 2001): reserve the earliest time the head can
 * start (the shadow time, from running jobs' expected ends) and let later jobs start now if they
 * fit and either end by the shadow time or only use GPUs the head will not need then.
 */
export const easy: BackfillPolicy = {
  name: "easy",
  description: "EASY backfilling: later jobs may start now if they do not delay the head's reservation (uses expected durations).",
  select(context) {
    const { head, nowS } = context;
    const ends = context.running
      .map((r) => ({ endS: expectedEndS(r.startS, r.estimateS, nowS), gpus: context.usableBy(r, head) }))
      .sort((a, b) => a.endS - b.endS);
    let available = context.freeGpus;
    let shadowS = Number.POSITIVE_INFINITY;
    let extraGpus = 0;
    for (const end of ends) {
      available += end.gpus;
      if (available >= head.gpus) {
        shadowS = end.endS;
        extraGpus = available - head.gpus;
        break;
      }
    }
    const selected: JobView[] = [];
    let takenGpus = 0;
    for (const job of context.candidates) {
      // Conservative: GPUs already given to earlier backfilled jobs count against every pool.
      if (job.gpus > context.freeGpusFor(job) - takenGpus) continue;
      const endsByShadow = nowS + job.estimateS <= shadowS;
      const headShare = job.gpuType === undefined || job.gpuType === head.gpuType || head.gpuType === undefined;
      if (endsByShadow) {
        selected.push(job);
        takenGpus += job.gpus;
      } else if (!headShare || job.gpus <= extraGpus) {
        selected.push(job);
        takenGpus += job.gpus;
        if (headShare) extraGpus -= job.gpus;
      }
    }
    return selected;
  },
};
