import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/load.js";
import { repoRoot, runInMemory } from "../helpers.js";

const examples = ["quickstart", "mmc"];

describe("golden outputs of the example scenarios", () => {
  it.each(examples)("%s", async (name) => {
    const scenario = loadScenario(join(repoRoot, "scenarios", `${name}.yaml`));
    const { summary } = await runInMemory(scenario);
    const golden = join(repoRoot, "test", "golden", `${name}-summary.json`);
    const text = `${JSON.stringify(summary, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(golden)) {
      if (process.env.CI) throw new Error(`golden file ${golden} is missing; generate it locally with UPDATE_GOLDEN=1`);
      writeFileSync(golden, text);
    }
    expect(text).toBe(readFileSync(golden, "utf8"));
  });
});
