import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { discardRows } from "../../src/metrics/row-sink.js";
import { expectedEndS } from "../../src/policies/backfill/expected-end.js";
import { easy } from "../../src/policies/backfill/easy.js";
import { backfillPolicies, placementPolicies, queuePolicies } from "../../src/policies/registry.js";
import type { BackfillContext, BackfillPolicy, JobView } from "../../src/policies/types.js";
import { simulate } from "../../src/sim/simulate.js";
import { scenarioFrom } from "../helpers.js";

/** EASY as first written: sort every running job by expected end, walk every queued candidate. */
function referenceEasy(context: BackfillContext): JobView[] {
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
}

describe("EASY over the indexed queue and running set", () => {
  it("selects exactly what the full sort-and-walk EASY selects, at every pass of random mixed-fleet runs", { timeout: 180_000 }, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom("mean", "exact"),
        fc.constantFrom("fifo", "sjf", "priority"),
        fc.integer({ min: 2, max: 12 }),
        (seed, estimate, queue, nodes) => {
          let passes = 0;
          const checked: BackfillPolicy = {
            name: "checked-easy",
            description: "EASY, compared with the reference at every pass",
            select(context) {
              const got = easy.select(context);
              expect(got.map((j) => j.index)).toEqual(referenceEasy(context).map((j) => j.index));
              passes++;
              return got;
            },
          };
          const scenario = scenarioFrom({
            name: "easy-check",
            seed,
            horizon: { durationS: 8_000 },
            cluster: { nodes: [{ count: nodes, gpu: "H100-SXM", gpusPerNode: 4 }, { count: 2, gpu: "A100-80G", gpusPerNode: 8 }] },
            workloads: [
              { kind: "jobs", name: "small", arrival: { process: "poisson", ratePerS: 0.02 * nodes }, gpus: { dist: "choice", values: [1, 2, 4] }, estimate, durationS: { dist: "lognormal", mean: 300, cv: 1.5 }, priority: 1 },
              { kind: "jobs", name: "big", arrival: { process: "poisson", ratePerS: 0.002 * nodes }, gpus: { dist: "choice", values: [8, 12, 16] }, gpuType: "H100-SXM", estimate, durationS: { dist: "weibull", shape: 0.8, scale: 2000 } },
              { kind: "jobs", name: "a100", arrival: { process: "poisson", ratePerS: 0.003 }, gpus: 8, gpuType: "A100-80G", estimate, durationS: { dist: "exponential", mean: 1500 } },
            ],
          });
          simulate(scenario, { queue: queuePolicies[queue], placement: placementPolicies["best-fit"], backfill: checked }, { jobs: discardRows, timeseries: discardRows });
          expect(passes).toBeGreaterThan(0);
        },
      ),
      { numRuns: 10 },
    );
  });

  it("a bounded scan (backfillMaxCandidates) examines at most that many candidates per pass", () => {
    const scenario = scenarioFrom({
      name: "bounded",
      seed: 3,
      horizon: { durationS: 20_000 },
      cluster: { nodes: [{ count: 4, gpu: "H100-SXM", gpusPerNode: 8 }] },
      workloads: [
        { kind: "jobs", name: "small", arrival: { process: "poisson", ratePerS: 0.1 }, gpus: 1, estimate: "exact", durationS: { dist: "lognormal", mean: 300, cv: 1.5 } },
        { kind: "jobs", name: "big", arrival: { process: "poisson", ratePerS: 0.003 }, gpus: 32, durationS: { dist: "exponential", mean: 3000 } },
      ],
    });
    let maxVisits = 0;
    const counting: BackfillPolicy = {
      name: "counting",
      description: "counts visits",
      select(context) {
        let visits = 0;
        context.scan(() => {
          visits++;
          return "pass";
        });
        maxVisits = Math.max(maxVisits, visits);
        return [];
      },
    };
    simulate(scenario, { queue: queuePolicies.fifo, placement: placementPolicies["best-fit"], backfill: counting, backfillMaxCandidates: 5 }, { jobs: discardRows, timeseries: discardRows });
    expect(maxVisits).toBe(5);
    expect(backfillPolicies.easy).toBe(easy);
  });
});
