/**
 * The package as a user installs it: `import … from "gpufleet"` resolves through package.json's
 * exports map to the built dist/index.js (built by `npm ci`'s prepare script), and its types
 * (dist/index.d.ts) type-check a plug-in policy written against them.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "gpufleet-user-"));
  mkdirSync(join(dir, "node_modules"));
  // An installed package is a folder under node_modules; a link to the repository is the same to Node's resolver.
  symlinkSync(repoRoot, join(dir, "node_modules", "gpufleet"), "dir");
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "user-project", type: "module", private: true })}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(file: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8", env: { ...process.env, CI: "true" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the built package", () => {
  it("runs a scenario through `import { runScenario } from \"gpufleet\"` and streams rows to a sink", () => {
    const script = join(dir, "run.mjs");
    writeFileSync(
      script,
      [
        'import { runScenario, loadScenario, gpuNames, placementPolicies, modelCatalog } from "gpufleet";',
        `const scenario = loadScenario(${JSON.stringify(join(repoRoot, "scenarios", "mmc.yaml"))}, { set: ["workloads.0.count=2000"] });`,
        "let rows = 0;",
        "const summary = await runScenario(scenario, { sinks: { jobs: { write: () => { rows += 1; } } } });",
        "console.log(JSON.stringify({ submitted: summary.jobs.submitted, completed: summary.jobs.completed, rows, gpus: gpuNames.includes('H100-SXM'), fit: 'first-fit' in placementPolicies, models: Object.keys(modelCatalog).length > 0 }));",
      ].join("\n"),
    );
    const result = node(script);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { submitted: number; completed: number; rows: number; gpus: boolean; fit: boolean; models: boolean };
    expect(out.submitted).toBe(2000);
    // Every arrival ends as exactly one jobs.csv row (completed, or unfinished at the end).
    expect(out.rows).toBe(out.submitted);
    expect(out.completed).toBeGreaterThan(0);
    expect(out).toMatchObject({ gpus: true, fit: true, models: true });
  });

  it("blocks deep imports: only the public entry point is exported", () => {
    const script = join(dir, "deep.mjs");
    writeFileSync(script, 'import("gpufleet/dist/sim/simulate.js").then(() => console.log("imported"), (e) => console.log(e.code));\n');
    expect(node(script).stdout.trim()).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it("ships types a TypeScript plug-in policy type-checks against", () => {
    writeFileSync(
      join(dir, "policy.ts"),
      [
        'import type { PlacementPolicy, ClusterView, JobView } from "gpufleet";',
        "export const firstNode: PlacementPolicy = {",
        '  name: "first-node",',
        '  description: "the first node with enough free GPUs",',
        "  place(job: JobView, cluster: ClusterView) {",
        "    const node = cluster.nodes.find((n) => cluster.freeGpusOnNode(n.index) >= job.gpus);",
        "    return node === undefined ? null : { gpus: Array.from({ length: job.gpus }, (_, i) => node.firstGpu + i) };",
        "  },",
        "};",
        "// A wrong member type must fail: this line is the negative check.",
        "export const wrong: number = firstNode.name;",
      ].join("\n"),
    );
    writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", noEmit: true, skipLibCheck: true, types: [] }, files: ["policy.ts"] })}\n`);
    const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { cwd: dir, encoding: "utf8" });
    const errors = result.stdout.split("\n").filter((l) => l.includes("error TS"));
    // Exactly the deliberate error: the types resolved (no TS2307 "cannot find module") and checked.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("policy.ts(11,");
    expect(errors[0]).toContain("TS2322");
  });
});
