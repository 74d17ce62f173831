import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../src/messages.js";
import { PolicyViolationError } from "../../src/sim/cluster-scheduler.js";
import { resolvePolicies } from "../../src/run/resolve-policies.js";
import { simulate } from "../../src/sim/simulate.js";
import { MemorySink, scenarioFrom } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "gpufleet-plugin-"));
writeFileSync(
  join(dir, "last-fit.mjs"),
  `export default { name: "last-fit", description: "highest GPUs first", place(job, cluster) {
     const out = [];
     for (let g = cluster.totalGpus - 1; g >= 0 && out.length < job.gpus; g--) if (cluster.isGpuFree(g)) out.push(g);
     return out.length === job.gpus ? out : null;
   } };\n`,
);
writeFileSync(join(dir, "greedy.mjs"), `export const policy = { name: "greedy", description: "always GPU 0", place: (job) => Array(job.gpus).fill(0) };\n`);
writeFileSync(join(dir, "shapeless.mjs"), "export default { name: 'x' };\n");
// Modules run only when allowed (as `--allow-module` does on the command line).
const allowed = ["last-fit.mjs", "greedy.mjs", "shapeless.mjs"].map((f) => join(dir, f));

function scenario(placement: string) {
  return scenarioFrom({
    name: "plugin",
    cluster: { nodes: [{ count: 2, gpu: "L4", gpusPerNode: 2 }] },
    workloads: [{ kind: "jobs", name: "w", count: 20, arrival: { process: "poisson", ratePerS: 2 }, gpus: 1, durationS: 1 }],
    scheduler: { placement },
  });
}

describe("plug-in policies from modules", () => {
  it("a module exporting a placement policy runs like a built-in one", async () => {
    const s = scenario("./last-fit.mjs");
    const policies = await resolvePolicies(s, join(dir, "s.yaml"), dir, allowed);
    expect(policies.placement.name).toBe("last-fit");
    const sink = new MemorySink();
    const summary = simulate(s, policies, { jobs: sink, timeseries: new MemorySink() });
    expect(summary.jobs.completed).toBe(20);
  });

  it("an untrusted policy that double-books a GPU fails the run with a clear error", async () => {
    const s = scenario("./greedy.mjs");
    const policies = await resolvePolicies(s, join(dir, "s.yaml"), dir, allowed);
    expect(() => simulate(s, policies, { jobs: new MemorySink(), timeseries: new MemorySink() })).toThrow(PolicyViolationError);
    expect(() => simulate(s, policies, { jobs: new MemorySink(), timeseries: new MemorySink() })).toThrow(/greedy.*already allocated/);
  });

  it("a module without the policy shape is bad input", async () => {
    await expect(resolvePolicies(scenario("./shapeless.mjs"), "s.yaml", dir, allowed)).rejects.toThrow(ScenarioError);
    await expect(resolvePolicies(scenario("./shapeless.mjs"), "s.yaml", dir, allowed)).rejects.toThrow(/does not export a placement policy/);
  });
});
