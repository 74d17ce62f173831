import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../../src/cli/in-process.js";
import { repoRoot } from "../helpers.js";

const committed = readFileSync(join(repoRoot, "scenario.schema.json"), "utf8");

describe("gpufleet schema", () => {
  it("prints the committed schema to stdout", async () => {
    const result = await runCliInProcess(["schema"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout === committed, "stdout differs from scenario.schema.json: run `npm run schema`").toBe(true);
    expect((JSON.parse(result.stdout) as { title: string }).title).toBe("gpufleet scenario");
  });

  it("writes the schema with --out, creating the folder, and prints nothing", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "gpufleet-schema-")), "nested", "scenario.schema.json");
    const result = await runCliInProcess(["schema", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(readFileSync(out, "utf8") === committed).toBe(true);
  });

  it("exits 2 with one line when --out cannot be written", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "gpufleet-schema-")), "plain-file");
    writeFileSync(file, "x");
    const result = await runCliInProcess(["schema", "--out", join(file, "scenario.schema.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/plain-file\/scenario\.schema\.json: cannot write the file \(a parent of it is a regular file; give another --out\)$/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 when --out is a directory, and leaves no temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-schema-"));
    const result = await runCliInProcess(["schema", "--out", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write the file \(it is a directory; give another --out\)/);
    expect(readdirSync(dirname(dir)).filter((f) => f === `${basename(dir)}.tmp`)).toEqual([]);
  });

  it("rejects a positional argument (strict options)", async () => {
    const result = await runCliInProcess(["schema", "extra"]);
    expect(result.code).toBe(2);
  });
});
