import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("the CI regression gate", () => {
  it("the example scenarios match their committed baselines (results/baselines/manifest.yaml)", () => {
    const { code, stdout, stderr } = runCli(["regress", "--out", join(mkdtempSync(join(tmpdir(), "gpufleet-gate-")), "runs")]);
    expect(stderr).not.toMatch(/regressed/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/regress: all \d+ checks passed/);
  });
});
