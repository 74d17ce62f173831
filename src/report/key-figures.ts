import { formatCount, formatDurationS } from "./figure-format.js";
import type { Provenance } from "./provenance.js";
import type { RunData } from "./run-data.js";
import { type Figure, summaryBlocks } from "./summary-blocks.js";

export { formatPercent } from "./figure-format.js";

/** One row of the report's key-figures table: a label and its value (plain text), and its block's title. */
export interface KeyFigure extends Figure {
  /** Title of the block the row belongs to (a heading row starts each block); absent: the run's header rows. */
  section?: string;
}

/** The run's provenance rows: gpufleet version, scenario hash, command line. */
export function provenanceFigures(provenance: Provenance): Figure[] {
  return [
    { label: "gpufleet version", value: provenance.version },
    { label: "Scenario hash", value: provenance.scenarioHash === null ? "– (no resolved-scenario.json)" : `${provenance.scenarioHash} (SHA-256 of resolved-scenario.json)` },
    { label: "Command line", value: provenance.command },
  ];
}

/**
 * The key figures of a run, in display order: what ran (scenario, provenance, cluster), then the
 * blocks of the study (summaryBlocks, the same rows the terminal prints); rows whose data the run
 * lacks are left out.
 */
export function keyFigures(data: RunData): KeyFigure[] {
  const { summary, scenario } = data;
  const rows: KeyFigure[] = [{ label: "Scenario", value: scenario.name }];
  if (scenario.description !== null && scenario.description !== "") rows.push({ label: "Description", value: scenario.description });
  rows.push(...provenanceFigures(data.provenance));
  rows.push({ label: "Seed", value: String(summary.seed) });
  rows.push({ label: "Simulated time", value: `${formatDurationS(summary.simulatedS)} (${formatCount(summary.simulatedS)} s)` });
  if (summary.events !== undefined) rows.push({ label: "Events", value: formatCount(summary.events) });
  if (scenario.gpusByModel.length > 0) {
    const total = scenario.gpusByModel.reduce((n, [, count]) => n + count, 0);
    rows.push({ label: "Cluster", value: `${formatCount(total)} GPUs: ${scenario.gpusByModel.map(([model, n]) => `${formatCount(n)} × ${model}`).join(", ")}` });
  }
  if (scenario.scheduler.length > 0) rows.push({ label: "Scheduler", value: scenario.scheduler.map(([role, name]) => `${role} ${name}`).join(", ") });
  for (const block of summaryBlocks(summary.raw, scenario)) rows.push(...block.rows.map((r) => ({ ...r, section: block.title })));
  return rows;
}
