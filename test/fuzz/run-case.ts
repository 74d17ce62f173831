/** Run one fuzz case through the CLI's code path, in-process, and classify the outcome. */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCliInProcess } from "../../src/cli/in-process.js";
import type { FuzzCase } from "./scenario-mutations.js";

/** How a case ended: exit 0, exit 2 with one line, or anything else (a bug). */
export interface CaseOutcome {
  outcome: "exit 0" | "exit 2" | "other";
  code: number;
  stderr: string;
}

/** Horizon of the shortened runs, seconds (with the size limits, it bounds every case's work). */
export const FUZZ_RUN_HORIZON_S = 300;

/** Validate (or run, shortened and without the report) one case in `dir`. */
export async function runCase(dir: string, index: number, c: FuzzCase, command: "validate" | "run"): Promise<CaseOutcome> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `case-${index}${c.ext}`);
  writeFileSync(file, c.bytes);
  const out = join(dir, `out-${index}`);
  const args = command === "validate" ? ["validate", file] : ["run", file, "--out", out, "--quiet", "--no-report", "--set", `horizon.durationS=${FUZZ_RUN_HORIZON_S}`];
  const { code, stderr } = await runCliInProcess(args);
  rmSync(file, { force: true });
  rmSync(out, { recursive: true, force: true });
  const oneLine = stderr.trim().split("\n").length === 1 && !/\n\s+at /.test(stderr);
  const outcome = code === 0 ? "exit 0" : code === 2 && oneLine ? "exit 2" : "other";
  return { outcome, code, stderr };
}
