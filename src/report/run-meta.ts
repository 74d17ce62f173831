import { readFileSync } from "node:fs";
import { z } from "zod";
import { ScenarioError, message } from "../messages.js";

/** A stats object of summary.json, `{count, mean, p50, p90, p95, p99, max}` (null when empty). */
const statsSchema = z.object({
  count: z.number(),
  mean: z.number().nullable(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
});

/** The parts of summary.json the report reads; later blocks are kept in `raw`. */
const summarySchema = z.object({
  scenario: z.string(),
  seed: z.number(),
  simulatedS: z.number(),
  events: z.number().optional(),
  jobs: z
    .object({
      submitted: z.number(),
      completed: z.number(),
      rejected: z.number(),
      failed: z.number().default(0),
      unfinished: z.number(),
      probWait: z.number().nullable(),
      waitS: statsSchema,
      jctS: statsSchema,
      slowdown: statsSchema.optional(),
    })
    .optional(),
  gpus: z.object({ total: z.number(), allocatedFraction: z.number().nullable().optional(), busyFraction: z.number().nullable().optional() }).optional(),
});

/** summary.json as typed data (blocks absent from the run are undefined). */
export type RunSummaryData = z.infer<typeof summarySchema> & { raw: Record<string, unknown> };

/** The parts of resolved-scenario.json the report shows; lenient, since the schema grows. */
/** A node group as resolved-scenario.json holds it (gpu and gpusPerNode filled in from presets). */
const nodeGroupSchema = z.object({ count: z.number(), gpu: z.string().optional(), gpusPerNode: z.number().optional() });

/** An inference class's latency targets (s). */
const sloSchema = z.object({ ttftS: z.number().optional(), tpotS: z.number().optional(), e2eS: z.number().optional() });

/** Latency targets of a request class (absent: no target), seconds. */
export type SloTargets = z.infer<typeof sloSchema>;

const scenarioSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  horizon: z.object({ durationS: z.number().optional(), warmupS: z.number().optional() }).optional(),
  cluster: z
    .object({
      nodes: z.array(nodeGroupSchema).optional(),
      topology: z
        .object({ regions: z.array(z.object({ racks: z.array(z.object({ count: z.number().optional(), nodes: z.array(nodeGroupSchema) })) })) })
        .optional(),
    })
    .optional(),
  workloads: z
    .array(
      z.object({
        kind: z.string(),
        name: z.string(),
        tenant: z.string().optional(),
        slo: sloSchema.optional(),
        classes: z.array(z.object({ name: z.string(), slo: sloSchema.optional() })).optional(),
      }),
    )
    .default([]),
  scheduler: z.record(z.string(), z.unknown()).optional(),
  tenants: z.array(z.object({ name: z.string(), quotaGpus: z.number().nullable().optional(), borrowing: z.boolean().optional() })).default([]),
});

/** What the report shows of the scenario. */
export interface ScenarioInfo {
  /** Scenario name. */
  name: string;
  /** Free-text description (untrusted: escape before display). */
  description: string | null;
  /** Warm-up left out of latency statistics (s). */
  warmupS: number;
  /** GPUs per model, e.g. `[["H100-SXM", 128]]`, in scenario order; empty when unknown. */
  gpusByModel: [string, number][];
  /** Scheduler policies by role (`queue`, `placement`, `backfill`, ...), string values only. */
  scheduler: [string, string][];
  /** Workloads in scenario order. */
  workloads: { kind: string; name: string; tenant: string | null }[];
  /** Inference services in scenario order, with each class's SLO (the class's own, else the service's). */
  services: { name: string; classes: { name: string; slo: SloTargets }[] }[];
  /** Tenants the scenario lists: quota (null: unlimited) and whether they may borrow beyond it. */
  tenants: { name: string; quotaGpus: number | null; borrowing: boolean }[];
}

/** True when the scenario has batch or trace job workloads (the jobs block and charts apply). */
export function hasJobWorkloads(scenario: ScenarioInfo): boolean {
  return scenario.workloads.some((w) => w.kind !== "inference");
}

/** Read and check summary.json. */
export function readSummary(file: string): RunSummaryData {
  const raw = readJson(file);
  const parsed = summarySchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(message.runFileInvalid(file, firstIssue(parsed.error)));
  return { ...parsed.data, raw: raw as Record<string, unknown> };
}

/** Read resolved-scenario.json, or fall back to the summary's name when the file is absent. */
export function readScenarioInfo(file: string | null, fallbackName: string): ScenarioInfo {
  if (file === null) return { name: fallbackName, description: null, warmupS: 0, gpusByModel: [], scheduler: [], workloads: [], services: [], tenants: [] };
  return scenarioInfoOf(readJson(file), file);
}

/** What the report shows of a resolved scenario document (`source` names it in errors). */
export function scenarioInfoOf(document: unknown, source: string): ScenarioInfo {
  const parsed = scenarioSchema.safeParse(document);
  if (!parsed.success) throw new ScenarioError(message.runFileInvalid(source, firstIssue(parsed.error)));
  const s = parsed.data;
  const gpusByModel = new Map<string, number>();
  const racks = (s.cluster?.topology?.regions ?? []).flatMap((r) => r.racks);
  const groups = [...(s.cluster?.nodes ?? []), ...racks.flatMap((rack) => rack.nodes.map((g) => ({ ...g, count: g.count * (rack.count ?? 1) })))];
  for (const group of groups) {
    const model = group.gpu ?? "GPU";
    gpusByModel.set(model, (gpusByModel.get(model) ?? 0) + group.count * (group.gpusPerNode ?? 1));
  }
  const scheduler = Object.entries(s.scheduler ?? {}).filter((e): e is [string, string] => typeof e[1] === "string");
  return {
    name: s.name,
    description: s.description ?? null,
    warmupS: s.horizon?.warmupS ?? 0,
    gpusByModel: [...gpusByModel],
    scheduler,
    workloads: s.workloads.map((w) => ({ kind: w.kind, name: w.name, tenant: w.tenant ?? null })),
    services: s.workloads
      .filter((w) => w.kind === "inference")
      .map((w) => ({ name: w.name, classes: (w.classes ?? [{ name: "default" }]).map((c) => ({ name: c.name, slo: c.slo ?? w.slo ?? {} })) })),
    tenants: s.tenants.map((t) => ({ name: t.name, quotaGpus: t.quotaGpus ?? null, borrowing: t.borrowing ?? true })),
  };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ScenarioError(message.runFileInvalid(file, (error as NodeJS.ErrnoException).code ?? String(error)));
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(message.runFileInvalid(file, `JSON syntax error: ${(error as Error).message}`));
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? "invalid" : `${issue.path.join(".") || "(top level)"}: ${issue.message}`;
}
