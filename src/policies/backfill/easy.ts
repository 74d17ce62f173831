import type { BackfillPolicy, JobView } from "../types.js";
import { expectedEndS } from "./expected-end.js";

/**
 * EASY backfilling (Lifka 1995; Mu'alem & Feitelson 2001): reserve the earliest time the head can
 * start (the shadow time, from running jobs' expected ends) and let later jobs start now if they
 * fit and either end by the shadow time or only use GPUs the head will not need then.
 *
 * Exact and incremental: the shadow time reads running jobs by expected end only until the head
 * fits, and a rejection drops more than the candidate, because GPUs taken only grow and spare GPUs
 * only shrink during a pass: a shape that does not fit stays so at every estimate, and one that
 * would delay the head stays so at every estimate as long or longer. The scan then visits, per
 * shape, only candidates shorter than every one rejected: O(log n) of them for estimates in random order.
 */
export const easy: BackfillPolicy = {
  name: "easy",
  description: "EASY backfilling: later jobs may start now if they do not delay the head's reservation (uses expected durations).",
  select(context) {
    const { head, nowS } = context;
    let available = context.freeGpus;
    let shadowS = Number.POSITIVE_INFINITY;
    let extraGpus = 0;
    for (const running of context.runningByExpectedEnd()) {
      available += context.usableBy(running, head);
      if (available >= head.gpus) {
        shadowS = expectedEndS(running.startS, running.estimateS, nowS);
        extraGpus = available - head.gpus;
        break;
      }
    }
    const selected: JobView[] = [];
    let takenGpus = 0;
    context.scan((job) => {
      // Conservative: GPUs already given to earlier backfilled jobs count against every pool.
      if (job.gpus > context.freeGpusFor(job) - takenGpus) return "pass-all-estimates";
      const endsByShadow = nowS + job.estimateS <= shadowS;
      const headShare = job.gpuType === undefined || job.gpuType === head.gpuType || head.gpuType === undefined;
      if (endsByShadow || !headShare) {
        selected.push(job);
        takenGpus += job.gpus;
        return "take";
      }
      if (job.gpus <= extraGpus) {
        selected.push(job);
        takenGpus += job.gpus;
        extraGpus -= job.gpus;
        return "take";
      }
      return "pass-longer";
    });
    return selected;
  },
};
