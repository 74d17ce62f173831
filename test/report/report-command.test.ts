import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import yargs from "yargs";
import { reportCommand } from "../../src/cli/commands/report.js";
import { ScenarioError } from "../../src/messages.js";
import { makeRun } from "./report-fixture.js";

/** Run `gpufleet report ...` in-process with only the report command registered. */
async function report(args: string[]): Promise<void> {
  await yargs(args)
    .command(reportCommand)
    .strict()
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync();
}

describe("gpufleet report", () => {
  it("rebuilds charts/*.svg and report.html of a run", async () => {
    const runDir = await makeRun();
    await report(["report", runDir, "--quiet"]);
    expect(existsSync(join(runDir, "report.html"))).toBe(true);
    expect(existsSync(join(runDir, "charts", "wait-cdf.svg"))).toBe(true);
  });

  it("a missing directory is a ScenarioError (exit 2) naming it", async () => {
    const missing = join(tmpdir(), "gpufleet-no-such-run-dir");
    const error = await report(["report", missing]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).exitCode).toBe(2);
    expect((error as Error).message).toContain("gpufleet-no-such-run-dir: directory not found");
  });

  it("a foreign directory is a ScenarioError and is left untouched", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-foreign-"));
    writeFileSync(join(dir, "data.csv"), "a,b\n1,2\n");
    const error = await report(["report", dir]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as Error).message).toMatch(/not a gpufleet run directory/);
    expect(existsSync(join(dir, "charts"))).toBe(false);
    expect(existsSync(join(dir, "report.html"))).toBe(false);
  });
});
