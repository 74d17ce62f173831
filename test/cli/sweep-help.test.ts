import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

/** The lines of the Examples section of `gpufleet COMMAND --help`. */
function exampleLines(command: string): string[] {
  const r = runCli([command, "--help"]);
  expect(r.code).toBe(0);
  const lines = r.stdout.split("\n");
  const start = lines.indexOf("Examples:");
  expect(start).toBeGreaterThan(0);
  return lines.slice(start + 1).filter((l) => l.trim() !== "");
}

describe("help examples for scale-out", () => {
  it.each(["sweep", "merge"])("%s --help: every example is one whole command on one line, short enough for 80 columns", (command) => {
    const lines = exampleLines(command);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line).toMatch(/^ {2}gpufleet (sweep|merge) \S/); // a wrapped example would continue on an indented line
      expect(line.length).toBeLessThanOrEqual(78);
    }
  });

  it("sweep --help shows the Slurm and Kubernetes templates and 0-based shards", () => {
    const text = exampleLines("sweep").join("\n");
    expect(text).toContain("--emit slurm");
    expect(text).toContain("--emit k8s");
    expect(text).toContain("--shard 0/4");
  });
});
