import { join } from "node:path";
import type { Cell, RowSink } from "../src/metrics/row-sink.js";
import { validateDocument } from "../src/scenario/load.js";
import type { Scenario } from "../src/scenario/schema.js";
import { resolvePolicies } from "../src/run/resolve-policies.js";
import { type SimulationSummary, simulate } from "../src/sim/simulate.js";

/** Repository root (tests run from it). */
export const repoRoot = join(import.meta.dirname, "..");

/** A sink that keeps rows in memory. */
export class MemorySink implements RowSink {
  readonly rows: Cell[][] = [];
  write(row: readonly Cell[]): void {
    this.rows.push([...row]);
  }
}

/** Validate a scenario document the way files are validated. */
export function scenarioFrom(document: Record<string, unknown>): Scenario {
  return validateDocument("test.yaml", structuredClone(document));
}

/** Run a scenario in memory; returns the summary and the rows of jobs.csv and timeseries.csv. */
export async function runInMemory(scenario: Scenario): Promise<{ summary: SimulationSummary; jobs: Cell[][]; timeseries: Cell[][] }> {
  const policies = await resolvePolicies(scenario, "test.yaml", repoRoot);
  const jobs = new MemorySink();
  const timeseries = new MemorySink();
  const summary = simulate(scenario, policies, { jobs, timeseries });
  return { summary, jobs: jobs.rows, timeseries: timeseries.rows };
}

/** An M/M/c scenario document: c single-GPU nodes, Poisson arrivals, exponential service. */
export function mmcDocument(c: number, arrivalRatePerS: number, meanServiceS: number, count: number, seed = 1): Record<string, unknown> {
  return {
    name: `mmc-${c}`,
    seed,
    horizon: { warmupS: 200 * meanServiceS },
    cluster: { nodes: [{ count: c, gpu: "H100-SXM", gpusPerNode: 1 }] },
    workloads: [
      {
        kind: "jobs",
        name: "q",
        count,
        arrival: { process: "poisson", ratePerS: arrivalRatePerS },
        gpus: 1,
        durationS: { dist: "exponential", mean: meanServiceS },
      },
    ],
    scheduler: { queue: "fifo", placement: "first-fit", backfill: "none" },
  };
}
