import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ArgumentsCamelCase } from "yargs";
import { describe, expect, it } from "vitest";
import { calibrateCommand } from "../../src/cli/commands/calibrate.js";
import { ScenarioError } from "../../src/messages.js";

type Args = ArgumentsCamelCase<{ out?: string; quick: boolean; icd?: string }>;
const run = (args: Partial<Args>) => {
  const handler = calibrateCommand.handler as (a: Args) => Promise<void>;
  return handler({ _: [], $0: "gpufleet", quick: true, ...args } as Args);
};

describe("gpufleet calibrate without a usable adapter", () => {
  it("exits 2 naming what to install when the Vulkan driver cannot be loaded", async () => {
    const icd = join(mkdtempSync(join(tmpdir(), "gpufleet-icd-")), "broken_icd.json");
    writeFileSync(icd, JSON.stringify({ file_format_version: "1.0.0", ICD: { library_path: "/nonexistent/libvulkan_none.so", api_version: "1.3.0" } }));
    const error = await run({ icd }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/no WebGPU adapter found .*install-vulkan-cpu\.sh/);
    expect((error as Error).message).not.toContain("\n");
  });

  it("exits 2 when --icd names a missing file", async () => {
    await expect(run({ icd: "/nonexistent/icd.json" })).rejects.toThrow(/--icd \/nonexistent\/icd.json: file not found/);
  });
});
