/**
 * `npm run fuzz`: the long fuzz run (not part of `npm test`). 10,000 mutated scenarios through
 * `validate` and 1,000 through a shortened `run` (horizon 300 s, no report), in-process through the
 * CLI's code path; prints counts by outcome (exit 0, exit 2, anything else) and every case of the
 * last kind. Exits 1 when any case ended otherwise than exit 0 or a one-line exit 2.
 * Options: FUZZ_VALIDATE=N FUZZ_RUN=N FUZZ_SEED=S.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import fc from "fast-check";
import { type CaseOutcome, runCase } from "../test/fuzz/run-case.js";
import { fuzzCase } from "../test/fuzz/scenario-mutations.js";

const validateRuns = Number(process.env.FUZZ_VALIDATE ?? 10_000);
const runRuns = Number(process.env.FUZZ_RUN ?? 1_000);
const seed = Number(process.env.FUZZ_SEED ?? 2026);
const dir = mkdtempSync(join(tmpdir(), "gpufleet-fuzz-"));

async function campaign(command: "validate" | "run", count: number, campaignSeed: number): Promise<boolean> {
  const cases = fc.sample(fuzzCase, { numRuns: count, seed: campaignSeed });
  const counts: Record<CaseOutcome["outcome"], number> = { "exit 0": 0, "exit 2": 0, other: 0 };
  let slowestS = 0;
  const startS = performance.now() / 1000;
  for (const [i, c] of cases.entries()) {
    const t0 = performance.now();
    const result = await runCase(dir, i, c, command);
    slowestS = Math.max(slowestS, (performance.now() - t0) / 1000);
    counts[result.outcome]++;
    if (result.outcome === "other") process.stdout.write(`  ${command} case ${i}: exit ${result.code}: ${c.description}\n    ${result.stderr.split("\n").slice(0, 3).join("\n    ")}\n`);
  }
  const wallS = performance.now() / 1000 - startS;
  process.stdout.write(
    `${JSON.stringify({ fuzz: command, cases: count, seed: campaignSeed, "exit 0": counts["exit 0"], "exit 2": counts["exit 2"], other: counts.other, wallS: Math.round(wallS * 10) / 10, slowestCaseS: Math.round(slowestS * 100) / 100 })}\n`,
  );
  return counts.other === 0;
}

const okValidate = await campaign("validate", validateRuns, seed);
const okRun = await campaign("run", runRuns, seed + 1);
rmSync(dir, { recursive: true, force: true });
process.exitCode = okValidate && okRun ? 0 : 1;
