import { describe, expect, it } from "vitest";
import { commandLine, shellWord } from "../../src/cli/command-line.js";

describe("the command line recorded in summary.json", () => {
  it("is gpufleet and the arguments after the script, quoted only where a shell needs it", () => {
    expect(commandLine(["/usr/bin/node", "/x/dist/cli/main.js", "run", "scenarios/inference.yaml", "--set", "workloads.0.router=random"])).toBe(
      "gpufleet run scenarios/inference.yaml --set workloads.0.router=random",
    );
    expect(commandLine(["node", "main.js", "run", "my scenario.yaml", "--set", "name=it's"])).toBe(`gpufleet run 'my scenario.yaml' --set 'name=it'\\''s'`);
    expect(shellWord("")).toBe("''");
    expect(shellWord("$HOME")).toBe("'$HOME'");
  });
});
