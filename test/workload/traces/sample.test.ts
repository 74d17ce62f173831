import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openbSample } from "../../../src/workload/traces/openb-sample.js";
import { repoRoot } from "../../helpers.js";

/** The shipped sample trace is generated (made-up rows); regenerate on purpose with UPDATE_SAMPLES=1. */
describe("shipped openb sample", () => {
  const sample = openbSample();
  it.each([
    ["nodes", sample.nodes],
    ["pods", sample.pods],
  ])("scenarios/traces/openb-sample-%s.csv matches its generator", (kind, text) => {
    const file = join(repoRoot, "scenarios", "traces", `openb-sample-${kind}.csv`);
    if (process.env.UPDATE_SAMPLES === "1" || !existsSync(file)) {
      if (process.env.CI) throw new Error(`${file} is missing; generate it locally with UPDATE_SAMPLES=1`);
      writeFileSync(file, text);
    }
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});
