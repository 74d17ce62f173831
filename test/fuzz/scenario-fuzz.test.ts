/**
 * Fuzzing in the suite: mutated scenarios through `validate` (and a few through a shortened `run`),
 * in-process through the CLI's code path. Every outcome must be exit 0, or exit 2 with one line.
 * Each case's work is bounded by the size limits and the run's horizon, not by a wall-clock check.
 * The long run is `npm run fuzz` (scripts/fuzz.ts).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCase } from "./run-case.js";
import { fuzzCase } from "./scenario-mutations.js";

const dir = mkdtempSync(join(tmpdir(), "gpufleet-fuzz-"));

describe("fuzz: mutated scenarios give exit 0 or one-line exit 2", () => {
  it("through validate", { timeout: 600_000 }, async () => {
    let i = 0;
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const result = await runCase(dir, i++, c, "validate");
        expect(result.outcome, `${c.description}\n${result.stderr}`).not.toBe("other");
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it("through a shortened run", { timeout: 600_000 }, async () => {
    let i = 0;
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const result = await runCase(dir, i++, c, "run");
        expect(result.outcome, `${c.description}\n${result.stderr}`).not.toBe("other");
      }),
      { numRuns: 30, seed: 34 },
    );
  });
});
