import { formatCount, formatDurationS } from "./charts/theme.js";
import type { RunData } from "./run-data.js";

/** One row of the report's header table: a label and its value, both plain (unescaped) text. */
export interface KeyFigure {
  /** Row label. */
  label: string;
  /** Value, plain text (the HTML writer escapes it). */
  value: string;
}

/** The key figures of a run, in display order; rows whose data the run lacks are left out. */
export function keyFigures(data: RunData): KeyFigure[] {
  const { summary, scenario } = data;
  const rows: KeyFigure[] = [{ label: "Scenario", value: scenario.name }];
  if (scenario.description !== null && scenario.description !== "") rows.push({ label: "Description", value: scenario.description });
  rows.push({ label: "Seed", value: String(summary.seed) });
  rows.push({ label: "Simulated time", value: `${formatDurationS(summary.simulatedS)} (${formatCount(summary.simulatedS)} s)` });
  if (summary.events !== undefined) rows.push({ label: "Events", value: formatCount(summary.events) });
  if (scenario.gpusByModel.length > 0) {
    const total = scenario.gpusByModel.reduce((n, [, count]) => n + count, 0);
    rows.push({ label: "Cluster", value: `${formatCount(total)} GPUs: ${scenario.gpusByModel.map(([model, n]) => `${formatCount(n)} × ${model}`).join(", ")}` });
  }
  if (scenario.scheduler.length > 0) rows.push({ label: "Scheduler", value: scenario.scheduler.map(([role, name]) => `${role} ${name}`).join(", ") });
  const jobs = summary.jobs;
  if (jobs !== undefined) {
    const counts = [
      `${formatCount(jobs.submitted)} submitted`,
      `${formatCount(jobs.completed)} completed`,
      `${formatCount(jobs.rejected)} rejected`,
      `${formatCount(jobs.failed)} failed`,
      `${formatCount(jobs.unfinished)} unfinished`,
    ];
    rows.push({ label: "Jobs", value: counts.join(" · ") });
    const after = scenario.warmupS > 0 ? ` (completed jobs submitted after the ${formatDurationS(scenario.warmupS)} warm-up)` : " (completed jobs)";
    rows.push({ label: "P(wait)", value: `${percent(jobs.probWait)}${after}` });
    rows.push({ label: "Wait time", value: stats(jobs.waitS) });
    rows.push({ label: "Job completion time", value: stats(jobs.jctS) });
  }
  const gpus = summary.gpus;
  if (gpus !== undefined) {
    const busy = gpus.busyFraction === undefined || gpus.busyFraction === null ? "" : `, busy ${percent(gpus.busyFraction)}`;
    rows.push({ label: "GPU allocation", value: `${percent(gpus.allocatedFraction ?? null)} of ${formatCount(gpus.total)} GPUs, time-averaged${busy}` });
  }
  const raw = summary.raw;
  const requests = numbers(raw.requests);
  if (requests !== undefined) {
    const ttft = numbers(requests.ttftS);
    rows.push({ label: "Requests", value: `${formatCount(requests.completed ?? 0)} completed · SLO attainment ${percent(requests.sloAttainment ?? null)} · p99 TTFT ${ttft?.p99 === undefined ? "–" : formatDurationS(ttft.p99)}` });
  }
  const failures = numbers(raw.failures);
  if (failures !== undefined) {
    rows.push({ label: "Failures", value: `${formatCount(failures.interruptions ?? 0)} interruptions · availability ${percent(failures.availability ?? null)} · goodput ${percent(failures.goodput ?? null)}` });
  }
  const energy = numbers(raw.energy);
  const cost = numbers(raw.cost);
  if (energy !== undefined && cost !== undefined) {
    rows.push({ label: "Energy and cost", value: `${formatCount(energy.kWh ?? 0)} kWh (PUE ${energy.pue ?? 1}) · fleet $${formatCount(cost.fleetUsd ?? 0)} · allocated $${formatCount(cost.allocatedUsd ?? 0)}` });
  }
  return rows;
}

function stats(s: { p50: number | null; p99: number | null; mean: number | null }): string {
  const f = (v: number | null) => (v === null ? "–" : formatDurationS(v));
  return `p50 ${f(s.p50)} · p99 ${f(s.p99)} · mean ${f(s.mean)}`;
}

/**
 * A fraction as a percentage with 4 significant digits (0.99961 → "99.96 %"), and more where 4
 * would round a value below 1 up to "100.0 %" or a value above 0 down to zero (0.999996 → "99.9996 %").
 */
export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return "–";
  const pct = fraction * 100;
  let digits = 4;
  let text = pct.toPrecision(digits);
  while (digits < 12 && ((fraction < 1 && Number(text) >= 100) || (fraction > 0 && Number(text) === 0))) text = pct.toPrecision(++digits);
  // toPrecision switches to exponent notation for tiny values; show those plainly.
  if (text.includes("e")) text = String(Number(text));
  return `${text} %`;
}

const percent = formatPercent;

/** A summary block as a record of its numeric (and nested) fields, or undefined when absent. */
function numbers(block: unknown): (Record<string, number | undefined> & Record<string, unknown>) | undefined {
  return block !== null && typeof block === "object" ? (block as Record<string, number | undefined> & Record<string, unknown>) : undefined;
}
