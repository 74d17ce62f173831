import type { CostSummary, EnergySummary } from "../metrics/energy-cost.js";
import type { FailuresSummary } from "../metrics/failure-metrics.js";
import type { JobsSummary } from "../metrics/job-metrics.js";
import type { RequestGroupSummary } from "../metrics/request-group.js";
import type { RequestsSummary } from "../metrics/request-metrics.js";
import type { TenantsSummary } from "../metrics/tenant-metrics.js";
import {
  formatCount,
  formatDurationS,
  formatGpuHours,
  formatLatencyStats,
  formatPercent,
  formatPerS,
  formatSignificant,
  formatUsd,
} from "./figure-format.js";
import { hasJobWorkloads, type ScenarioInfo, type SloTargets } from "./run-meta.js";

/** One figure: a label and its value, both plain (unescaped) text. */
export interface Figure {
  /** Row label. */
  label: string;
  /** Value, plain text (the HTML writer escapes it). */
  value: string;
}

/** Which part of a study a block describes (the summary.json blocks, plus the fleet's GPUs). */
export type BlockKey = "jobs" | "gpus" | "requests" | "failures" | "tenants" | "network" | "energy";

/** The figures of one summary block, in display order. */
export interface FigureBlock {
  key: BlockKey;
  /** Heading: "Requests", "Failures", ... */
  title: string;
  rows: Figure[];
}

/** A link class's figures in the `network` block (src/sim/network-metrics.ts writes them). */
interface LinkClassFigures {
  links: number;
  bytesMoved: number;
  meanUtilization: number;
  p99Utilization: number;
  maxUtilization: number;
}

/** The summary.json blocks the figures read; every one may be absent (older or partial runs). */
interface SummaryBlocks {
  simulatedS?: number;
  jobs?: Partial<JobsSummary>;
  gpus?: { total?: number; allocatedFraction?: number | null; busyFraction?: number | null; memoryFraction?: number | null };
  requests?: Partial<RequestsSummary>;
  failures?: Partial<FailuresSummary>;
  tenants?: Partial<TenantsSummary>;
  network?: Record<string, Partial<LinkClassFigures>>;
  energy?: Partial<EnergySummary>;
  cost?: Partial<CostSummary>;
}

/** Busiest link classes shown (by mean utilization). */
export const BUSIEST_LINK_CLASSES = 3;

/** Display names of link classes. */
const LINK_CLASS_NAMES: Readonly<Record<string, string>> = { nvlink: "NVLink", pcie: "PCIe", nic: "NIC", uplink: "leaf uplink", spine: "spine", wan: "WAN" };

/**
 * The figure blocks of a run, from its summary.json and resolved scenario: only the blocks the
 * study has (jobs only with job workloads; requests, failures, tenants, network only when the
 * summary carries them). The terminal summary and the report's key figures both print these, so
 * every figure is counted and written the same way in both.
 */
export function summaryBlocks(summary: Record<string, unknown>, scenario: ScenarioInfo): FigureBlock[] {
  const s = summary as SummaryBlocks;
  const blocks: (FigureBlock | null)[] = [
    jobsBlock(s, scenario),
    gpusBlock(s),
    requestsBlock(s, scenario),
    failuresBlock(s),
    tenantsBlock(s, scenario),
    networkBlock(s),
    energyBlock(s),
  ];
  return blocks.filter((b): b is FigureBlock => b !== null && b.rows.length > 0);
}

function jobsBlock(s: SummaryBlocks, scenario: ScenarioInfo): FigureBlock | null {
  const jobs = s.jobs;
  if (jobs === undefined) return null;
  // Without resolved-scenario.json the workloads are unknown: show jobs when there were any.
  const applies = scenario.workloads.length === 0 ? (jobs.submitted ?? 0) > 0 : hasJobWorkloads(scenario);
  if (!applies) return null;
  const counts = [
    `${formatCount(jobs.submitted ?? 0)} submitted`,
    `${formatCount(jobs.completed ?? 0)} completed`,
    `${formatCount(jobs.rejected ?? 0)} rejected`,
    `${formatCount(jobs.failed ?? 0)} failed`,
    `${formatCount(jobs.unfinished ?? 0)} unfinished`,
  ];
  const after = scenario.warmupS > 0 ? ` of completed jobs submitted after the ${formatDurationS(scenario.warmupS)} warm-up` : " of completed jobs";
  const rows = [
    { label: "Jobs", value: counts.join(" · ") },
    { label: "P(wait)", value: `${formatPercent(jobs.probWait)}${after}` },
    { label: "Wait time", value: formatLatencyStats(jobs.waitS) },
    { label: "Job completion time", value: formatLatencyStats(jobs.jctS) },
  ];
  const slowdown = jobs.slowdown;
  if (slowdown !== undefined) {
    rows.push({ label: "Slowdown", value: `p50 ${formatSignificant(slowdown.p50)}× · p99 ${formatSignificant(slowdown.p99)}× · mean ${formatSignificant(slowdown.mean)}×` });
  }
  return { key: "jobs", title: "Jobs", rows };
}

function gpusBlock(s: SummaryBlocks): FigureBlock | null {
  const gpus = s.gpus;
  if (gpus === undefined || gpus.total === undefined) return null;
  const busy = gpus.busyFraction === undefined || gpus.busyFraction === null ? "" : ` · busy ${formatPercent(gpus.busyFraction)}`;
  const memory = gpus.memoryFraction === undefined || gpus.memoryFraction === null ? "" : ` · HBM ${formatPercent(gpus.memoryFraction)}`;
  const rows = [{ label: "GPU allocation", value: `${formatPercent(gpus.allocatedFraction)} of ${formatCount(gpus.total)} GPUs, time-averaged${busy}${memory}` }];
  return { key: "gpus", title: "GPUs", rows };
}

function requestsBlock(s: SummaryBlocks, scenario: ScenarioInfo): FigureBlock | null {
  const r = s.requests;
  if (r === undefined) return null;
  const submitted = r.submitted ?? 0;
  const rejected = r.rejected ?? 0;
  const rows: { label: string; value: string }[] = [
    {
      label: "Requests",
      value: `${formatCount(submitted)} submitted · ${formatCount(r.completed ?? 0)} completed · ${formatCount(r.failed ?? 0)} failed · ${formatCount(r.unfinished ?? 0)} unfinished`,
    },
    { label: "Rejected", value: `${formatCount(rejected)} (${formatPercent(submitted > 0 ? rejected / submitted : null)} of submitted)` },
    { label: "TTFT", value: formatLatencyStats(r.ttftS) },
    { label: "TPOT", value: formatLatencyStats(r.tpotS) },
    { label: "End-to-end latency", value: formatLatencyStats(r.e2eS) },
  ];
  if (r.sloAttainment !== undefined && r.sloAttainment !== null) {
    rows.push({ label: "SLO attainment", value: `${formatPercent(r.sloAttainment)} of ended requests met their SLO` });
  }
  rows.push({ label: "Goodput", value: `${formatPerS(r.goodputPerS, "requests")} met their SLO · throughput ${formatPerS(r.throughputPerS, "requests")} completed` });
  const services = r.services ?? {};
  const names = Object.keys(services);
  for (const info of scenario.services) {
    const g = services[info.name];
    if (g === undefined) continue;
    rows.push({ label: `Service ${info.name}`, value: serviceLine(g, info.classes.map((c) => c.slo), names.length) });
  }
  // Services in the summary that the scenario does not list (no resolved-scenario.json).
  for (const name of names) {
    if (scenario.services.some((info) => info.name === name)) continue;
    rows.push({ label: `Service ${name}`, value: serviceLine(services[name]!, [], names.length) });
  }
  const engine = [
    r.meanReplicas === undefined ? null : `${formatSignificant(r.meanReplicas)} replicas (time-averaged)`,
    r.kvUtilization === undefined ? null : `KV cache ${formatPercent(r.kvUtilization)} used`,
    r.batchSize?.mean === undefined || r.batchSize.mean === null ? null : `batch ${formatSignificant(r.batchSize.mean)} sequences (mean)`,
    r.preemptions === undefined ? null : `${formatCount(r.preemptions)} preemptions`,
  ].filter((x): x is string => x !== null);
  if (engine.length > 0) rows.push({ label: "Serving", value: engine.join(" · ") });
  return { key: "requests", title: "Requests", rows };
}

/** One service: completed, p99 TTFT/TPOT, SLO attainment and the targets. */
function serviceLine(g: Partial<RequestGroupSummary>, slos: readonly SloTargets[], services: number): string {
  const parts = [
    `${formatCount(g.completed ?? 0)} completed`,
    `TTFT p99 ${formatDurationS(g.ttftS?.p99)}`,
    `TPOT p99 ${formatDurationS(g.tpotS?.p99)}`,
  ];
  if (g.sloAttainment !== undefined && g.sloAttainment !== null) parts.push(`SLO ${formatPercent(g.sloAttainment)}${sloText(slos)}`);
  if (services > 1) parts.push(`${formatCount(g.rejected ?? 0)} rejected`);
  return parts.join(" · ");
}

/** " (TTFT ≤ 500 ms, TPOT ≤ 50 ms)" when all classes share one SLO; " (per class)" otherwise. */
export function sloText(slos: readonly SloTargets[]): string {
  const texts = [...new Set(slos.map(sloTargetsText).filter((t) => t !== ""))];
  if (texts.length === 0) return "";
  return texts.length === 1 ? ` (${texts[0]})` : " (targets per class)";
}

/** "TTFT ≤ 500 ms, TPOT ≤ 50 ms". */
export function sloTargetsText(slo: SloTargets): string {
  const parts = [
    slo.ttftS === undefined ? null : `TTFT ≤ ${formatDurationS(slo.ttftS)}`,
    slo.tpotS === undefined ? null : `TPOT ≤ ${formatDurationS(slo.tpotS)}`,
    slo.e2eS === undefined ? null : `E2E ≤ ${formatDurationS(slo.e2eS)}`,
  ];
  return parts.filter((p): p is string => p !== null).join(", ");
}

function failuresBlock(s: SummaryBlocks): FigureBlock | null {
  const f = s.failures;
  if (f === undefined) return null;
  const events = Object.entries(f.events ?? {});
  const total = events.reduce((n, [, count]) => n + count, 0);
  const byKind = events.length === 0 ? "" : ` (${events.map(([kind, count]) => `${kind} ${formatCount(count)}`).join(", ")})`;
  const rows = [
    { label: "Failures", value: `${formatCount(total)} failure events${byKind} · ${formatCount(f.interruptions ?? 0)} job interruptions` },
    { label: "Availability", value: `${formatPercent(f.availability)} of GPU time up (time-averaged)` },
    { label: "Goodput", value: f.goodput === undefined || f.goodput === null ? "– (no GPU-hours allocated)" : `${formatPercent(f.goodput)} of allocated GPU-hours did useful work` },
    { label: "Lost GPU-hours", value: `${formatGpuHours(f.lostGpuHours)} of capacity down · ${formatGpuHours(f.reexecutedGpuHours)} of work re-executed` },
    // Summaries written before the overhead fields existed have neither.
    ...(f.checkpointGpuHours === undefined && f.restartGpuHours === undefined
      ? []
      : [{ label: "Overheads", value: `${formatGpuHours(f.checkpointGpuHours)} writing checkpoints · ${formatGpuHours(f.restartGpuHours)} restarting (not useful work either)` }]),
    { label: "MTTR", value: f.meanTimeToRecoveryS === undefined || f.meanTimeToRecoveryS === null ? "– (no repairs)" : `${formatDurationS(f.meanTimeToRecoveryS)} mean time from failure to repair` },
  ];
  return { key: "failures", title: "Failures", rows };
}

function tenantsBlock(s: SummaryBlocks, scenario: ScenarioInfo): FigureBlock | null {
  const t = s.tenants;
  if (t === undefined) return null;
  const total = s.gpus?.total ?? 0;
  const rows: Figure[] = [];
  for (const [name, tenant] of Object.entries(t.byTenant ?? {})) {
    const share = tenant.share ?? 0;
    const heldGpus = share * total;
    const quota = tenant.quotaGpus ?? null;
    const borrowing = scenario.tenants.find((x) => x.name === name)?.borrowing ?? true;
    const quotaText = quota === null ? "no quota" : `quota ${formatCount(quota)} GPUs (${formatPercent(total > 0 ? quota / total : null)})`;
    const over = quota === null ? "" : heldGpus > quota ? ` · ${formatSignificant(heldGpus - quota)} GPUs above quota on average (borrowed)` : "";
    const parts = [
      `share ${formatPercent(share)} (${formatSignificant(heldGpus)} GPUs held on average) vs ${quotaText}`,
      `${borrowing ? "may borrow" : "no borrowing"}${over}`,
      `wait p50 ${formatDurationS(tenant.waitS?.p50)} · p99 ${formatDurationS(tenant.waitS?.p99)}`,
      `fair-share ratio ${formatSignificant(tenant.fairShareRatio)}`,
    ];
    rows.push({ label: `Tenant ${name}`, value: parts.join(" · ") });
  }
  const raw = t.jainRawGpuHours === undefined || t.jainRawGpuHours === null ? "" : ` · ${formatSignificant(t.jainRawGpuHours)} over raw GPU-hours per weight`;
  rows.push({ label: "Jain's index", value: `${formatSignificant(t.jainFairness)} over fair-share ratios (1 = every tenant got the same fraction of its fair share)${raw}` });
  return { key: "tenants", title: "Tenants", rows };
}

function networkBlock(s: SummaryBlocks): FigureBlock | null {
  const n = s.network;
  if (n === undefined) return null;
  const busiest = Object.entries(n)
    .filter(([, c]) => (c.bytesMoved ?? 0) > 0)
    .sort(([a, x], [b, y]) => (y.meanUtilization ?? 0) - (x.meanUtilization ?? 0) || a.localeCompare(b))
    .slice(0, BUSIEST_LINK_CLASSES);
  const rows = busiest.map(([name, c]) => ({
    label: `Links ${LINK_CLASS_NAMES[name] ?? name}`,
    value: `mean ${formatPercent(c.meanUtilization)} · p99 ${formatPercent(c.p99Utilization)} · max ${formatPercent(c.maxUtilization)} utilization · ${formatBytes(c.bytesMoved ?? 0)} moved over ${formatCount(c.links ?? 0)} links`,
  }));
  if (rows.length === 0) rows.push({ label: "Links", value: "no bytes moved on any link class" });
  return { key: "network", title: "Network (busiest link classes)", rows };
}

function energyBlock(s: SummaryBlocks): FigureBlock | null {
  const e = s.energy;
  const c = s.cost;
  const rows: Figure[] = [];
  if (e !== undefined) {
    rows.push({ label: "Energy", value: `${formatSignificant(e.kWh)} kWh (PUE ${formatSignificant(e.pue)}; GPUs ${formatSignificant(e.itKWh)} kWh) · mean ${formatSignificant(e.meanPowerKW)} kW` });
  }
  if (c !== undefined) {
    const per = c.usdPerCompletion === undefined || c.usdPerCompletion === null ? "" : ` · ${formatUsd(c.usdPerCompletion)} per completion`;
    rows.push({ label: "Cost", value: `fleet ${formatUsd(c.fleetUsd)} · allocated ${formatUsd(c.allocatedUsd)} (${formatGpuHours(c.allocatedGpuHours)})${per}` });
  }
  return rows.length === 0 ? null : { key: "energy", title: "Energy and cost", rows };
}

/** Bytes in decimal units: "1.027 PB". */
function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
  let i = 0;
  let value = bytes;
  while (Math.abs(value) >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return `${formatSignificant(value)} ${units[i]}`;
}
