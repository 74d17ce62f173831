import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vega from "vega";
import { compile } from "vega-lite";
import type { ChartSpec } from "../../src/report/render-svg.js";
import { runToDirectory } from "../../src/run/write-run.js";
import { loadScenario } from "../../src/scenario/load.js";

/** Free text that would be live markup if any writer forgot to escape it. */
export const EVIL = {
  description: `<script>alert(1)</script> "double" & 'single' </td></table><img src=x onerror=alert(4)>`,
  workload: `<script>alert('w')</script>`,
  tenant: `"><img src=x onerror=alert(2)>`,
  workload2: `batch & "co" </text><script>alert(3)</script>`,
  tenant2: `t'<svg onload=alert(5)>`,
} as const;

/** A small two-workload scenario whose free-text fields are all hostile. */
export function evilScenarioDocument(): Record<string, unknown> {
  return {
    name: "evil-run",
    description: EVIL.description,
    seed: 3,
    horizon: { warmupS: 100 },
    cluster: { nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 4 }] },
    workloads: [
      {
        kind: "jobs",
        name: EVIL.workload,
        tenant: EVIL.tenant,
        count: 240,
        arrival: { process: "poisson", ratePerS: 0.08 },
        gpus: { dist: "choice", values: [1, 2, 4] },
        durationS: { dist: "lognormal", mean: 60, cv: 2 },
      },
      {
        kind: "jobs",
        name: EVIL.workload2,
        tenant: EVIL.tenant2,
        count: 60,
        arrival: { process: "poisson", ratePerS: 0.02 },
        gpus: 8,
        durationS: { dist: "exponential", mean: 120 },
      },
    ],
    scheduler: { queue: "fifo", placement: "first-fit", backfill: "easy" },
    report: { sampleIntervalS: 10 },
  };
}

/** Simulate a scenario document into a fresh temporary run directory; returns the directory. */
export async function makeRun(document: Record<string, unknown> = evilScenarioDocument()): Promise<string> {
  const base = mkdtempSync(join(tmpdir(), "gpufleet-report-"));
  const file = join(base, "scenario.json");
  writeFileSync(file, JSON.stringify(document));
  const outDir = join(base, "run");
  await runToDirectory(loadScenario(file), file, outDir);
  return outDir;
}

/** Compile a spec with vega-lite and parse it with vega, collecting every warning and error. */
export function compileMessages(spec: ChartSpec): string[] {
  const messages: string[] = [];
  const logger = vega.logger(vega.Warn, undefined, (_method, level, args) => messages.push(`${level} ${args.map(String).join(" ")}`));
  const compiled = compile(spec, { logger }).spec;
  vega.parse(compiled);
  return messages;
}

/** Render a spec to SVG with a logging view, returning the SVG and every runtime warning. */
export async function renderWithWarnings(spec: ChartSpec): Promise<{ svg: string; warnings: string[] }> {
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn, undefined, (_method, level, args) => warnings.push(`${level} ${args.map(String).join(" ")}`));
  const view = new vega.View(vega.parse(compile(spec, { logger }).spec), { renderer: "none", logger });
  try {
    return { svg: await view.toSVG(), warnings };
  } finally {
    view.finalize();
  }
}

/** Number of data-mark items (paths and other shapes inside `role-mark` groups) in an SVG string. */
export function dataMarkCount(svg: string): number {
  let count = 0;
  for (const group of svg.split('class="mark-').slice(1)) {
    if (!/^[a-z]+ role-mark/.test(group)) continue;
    const body = group.slice(0, group.indexOf("</g>"));
    count += (body.match(/<(path|line|rect|circle|text)\b/g) ?? []).length;
  }
  return count;
}
