/**
 * The README's custom-policy example, exactly as the README shows it: the `last-fit.mjs` code
 * block saved next to a copy of the quickstart, and the README's command line run in that
 * directory (with `npx gpufleet` as the compiled CLI).
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";
import { runCli } from "./run-cli.js";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

/** The first fenced block of `lang` after `marker` in the README. */
function blockAfter(marker: string, lang: string): string {
  const at = readme.indexOf(marker);
  expect(at).toBeGreaterThanOrEqual(0);
  const open = readme.indexOf(`\`\`\`${lang}\n`, at);
  const close = readme.indexOf("```", open + 4 + lang.length);
  return readme.slice(open + 4 + lang.length, close);
}

describe("README custom-policy example", () => {
  it("last-fit.mjs runs the quickstart as the README says, respecting job.gpuType", () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-readme-"));
    writeFileSync(join(dir, "last-fit.mjs"), blockAfter("Save this as `last-fit.mjs`", "js"));
    const commands = blockAfter("and run the quickstart with it", "sh").trim().split("\n");
    expect(commands[0]).toBe("cp scenarios/quickstart.yaml my.yaml");
    copyFileSync(join(repoRoot, "scenarios", "quickstart.yaml"), join(dir, "my.yaml"));
    const run = commands[1] as string;
    expect(run.startsWith("npx gpufleet ")).toBe(true);
    const args = run.slice("npx gpufleet ".length).split(/\s+/);
    const result = runCli(args, dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "results", "last-fit", "summary.json"), "utf8"));
    expect(summary.jobs.completed).toBeGreaterThan(0);
    const resolved = JSON.parse(readFileSync(join(dir, "results", "last-fit", "resolved-scenario.json"), "utf8"));
    expect(resolved.scheduler.placement).toBe("./last-fit.mjs");
  });

  it("without --allow-module the module is refused (exit 2, one line saying how to allow it) and never imported", () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-readme-"));
    const marker = join(dir, "imported.txt");
    writeFileSync(join(dir, "last-fit.mjs"), `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "ran");\n${blockAfter("Save this as `last-fit.mjs`", "js")}`);
    copyFileSync(join(repoRoot, "scenarios", "quickstart.yaml"), join(dir, "my.yaml"));
    for (const command of ["run", "validate"]) {
      const result = runCli([command, "my.yaml", "--set", "scheduler.placement=./last-fit.mjs"], dir);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain("--allow-module last-fit.mjs");
    }
    expect(() => readFileSync(marker)).toThrow();
  });
});
