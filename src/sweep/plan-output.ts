/**
 * `gpufleet plan --out DIR`: DIR/plan.json and DIR/charts/plan.{vl.json,svg}, written into a
 * temporary directory and moved into place whole (report/run-dir.ts), so an existing DIR is only
 * replaced when gpufleet wrote it.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { planChartSpec } from "../report/charts/plan-chart.js";
import { renderSvg } from "../report/render-svg.js";
import { WRITER_MARKER, writeAtomically } from "../report/run-dir.js";
import { ScenarioError, message } from "../messages.js";
import type { PlanStudy } from "./plan-study.js";

/** Name of the plan document inside the output directory. */
export const PLAN_FILE = "plan.json";

/** The chart's input: one series per searched GPU type (or the scenario's own). */
function chartInput(study: PlanStudy) {
  const series =
    study.compareGpus === undefined
      ? [{ gpu: null, answer: study.answer, candidates: study.candidates }]
      : study.compareGpus.map((g) => ({ gpu: g.gpu, answer: g.answer, candidates: g.candidates }));
  return { vary: study.vary, targets: study.targets, series, seeds: study.seeds.length };
}

/**
 * Fail before any run when `outDir` could not be replaced at the end: it exists and is not a
 * directory gpufleet wrote (writeAtomically checks the same again when it writes).
 */
export function checkPlanOut(outDir: string): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new ScenarioError(message.outputNotDirectory(outDir));
  if (!existsSync(join(outDir, WRITER_MARKER))) throw new ScenarioError(message.outputExists(outDir, WRITER_MARKER));
}

/** Write the study to `outDir` atomically. */
export async function writePlanDir(outDir: string, study: PlanStudy): Promise<void> {
  const spec = planChartSpec(chartInput(study));
  const svg = await renderSvg(spec);
  await writeAtomically(outDir, (dir) => {
    writeFileSync(join(dir, PLAN_FILE), `${JSON.stringify(study, null, 2)}\n`);
    mkdirSync(join(dir, "charts"));
    writeFileSync(join(dir, "charts", "plan.vl.json"), `${JSON.stringify(spec, null, 2)}\n`);
    writeFileSync(join(dir, "charts", "plan.svg"), svg);
  });
}
