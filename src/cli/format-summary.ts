import { readdirSync } from "node:fs";
import { formatCount, formatSignificant } from "../report/figure-format.js";
import { scenarioHash, packageVersion } from "../report/provenance.js";
import { scenarioInfoOf } from "../report/run-meta.js";
import { summaryBlocks } from "../report/summary-blocks.js";
import { type RunSummary, resolvedScenarioText } from "../run/write-run.js";
import type { Scenario } from "../scenario/schema.js";

/** Widest label column of the terminal summary (longer labels push their value right). */
const LABEL_WIDTH = 22;

/**
 * The terminal summary of one run: what ran, then the blocks the study has (jobs, GPUs, requests,
 * failures, tenants, network, energy and cost), the same rows and numbers as the report's key
 * figures (report/summary-blocks.ts builds both).
 */
export function formatRunSummary(summary: RunSummary, scenario: Scenario, outDir: string): string {
  const resolved = resolvedScenarioText(scenario);
  const info = scenarioInfoOf(JSON.parse(resolved), "resolved scenario");
  const run = summary.run;
  const lines = [
    `scenario ${summary.scenario}  seed ${summary.seed}  simulated ${formatCount(summary.simulatedS)} s  events ${formatCount(summary.events)}  (${formatSignificant(run.wallS, 3)} s wall, ${formatCount(run.eventsPerS)} events/s)`,
    `gpufleet ${packageVersion()}  scenario hash ${scenarioHash(resolved)}`,
  ];
  for (const block of summaryBlocks(summary as unknown as Record<string, unknown>, info)) {
    lines.push("", block.title);
    for (const row of block.rows) lines.push(`  ${row.label.padEnd(LABEL_WIDTH)} ${row.value}`);
  }
  lines.push("", `outputs: ${outDir}/ (${outputsIn(outDir)})`);
  return lines.join("\n");
}

/** The files and folders written into the run directory, sorted ("charts/, jobs.csv, ..."). */
function outputsIn(outDir: string): string {
  try {
    return readdirSync(outDir, { withFileTypes: true })
      .filter((e) => !e.name.startsWith("."))
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
      .sort()
      .join(", ");
  } catch {
    return "not readable";
  }
}
