import { type CsvCell, type CsvHeader, numberAt, readCsv, textAt } from "./csv-read.js";
import { FloatList } from "./float-list.js";

/** Text columns of jobs.csv (every other column is numeric). */
const JOB_TEXT_COLUMNS: ReadonlySet<string> = new Set(["id", "workload", "tenant", "status", "placement"]);

/** Workload name used when jobs.csv has no `workload` column. */
export const ALL_JOBS = "all jobs";

/** One workload's jobs as the charts need them. */
export interface WorkloadJobs {
  /** Workload name (free text from the scenario). */
  name: string;
  /** Wait times (s) of completed jobs submitted after the warm-up, ascending. */
  waitS: Float64Array;
  /** Job completion times (s) of the same jobs, ascending. */
  jctS: Float64Array;
  /** Jobs per status (`completed`, `rejected`, `failed`, `unfinished`, ...), all jobs. */
  statusCounts: Map<string, number>;
}

/** GPU-hours that one workload's jobs of one tenant held. */
export interface TenantUsage {
  /** Tenant name (free text). */
  tenant: string;
  /** Workload name (free text). */
  workload: string;
  /** GPUs × hours from start to end (or to the end of the run for running jobs). */
  gpuHours: number;
}

/** jobs.csv read into typed, chart-ready form. */
export interface JobsData {
  /** Columns present in the file. */
  columns: string[];
  /** Number of job rows. */
  rows: number;
  /** Jobs submitted before this time are left out of latency distributions (as in summary.json). */
  warmupS: number;
  /** Per workload, in scenario order, then in order of first appearance. */
  workloads: WorkloadJobs[];
  /** GPU-hours per (tenant, workload); null when jobs.csv lacks gpus or startS. */
  usage: TenantUsage[] | null;
}

/** How to read jobs.csv. */
export interface JobsReadOptions {
  /** Latency statistics skip jobs submitted before this (s). */
  warmupS: number;
  /** End of the simulated time (s): running jobs count GPU-hours up to here. */
  endS: number;
  /** Workload names in scenario order (charts keep this order). */
  workloadOrder: readonly string[];
}

/** Accumulates one workload while streaming. */
interface WorkloadAccumulator {
  wait: FloatList;
  jct: FloatList;
  statusCounts: Map<string, number>;
}

/** Stream jobs.csv into per-workload latency arrays, status counts and per-tenant GPU-hours. */
export async function readJobs(file: string, options: JobsReadOptions): Promise<JobsData> {
  const byWorkload = new Map<string, WorkloadAccumulator>();
  for (const name of options.workloadOrder) byWorkload.set(name, newAccumulator());
  const usage = new Map<string, TenantUsage>();
  let col: JobColumns | null = null;
  const onRow = (cells: CsvCell[], header: CsvHeader): void => {
    col ??= jobColumnsOf(header);
    const workload = textAt(cells, col.workload, ALL_JOBS);
    let acc = byWorkload.get(workload);
    if (acc === undefined) {
      acc = newAccumulator();
      byWorkload.set(workload, acc);
    }
    const status = textAt(cells, col.status, "unknown");
    acc.statusCounts.set(status, (acc.statusCounts.get(status) ?? 0) + 1);
    const submitS = numberAt(cells, col.submitS);
    if (status === "completed" && !(submitS < options.warmupS)) {
      const waitS = numberAt(cells, col.waitS);
      const jctS = numberAt(cells, col.jctS);
      if (Number.isFinite(waitS)) acc.wait.push(waitS);
      if (Number.isFinite(jctS)) acc.jct.push(jctS);
    }
    addUsage(usage, cells, col, workload, options.endS);
  };
  const { header, rows } = await readCsv(file, JOB_TEXT_COLUMNS, onRow);
  const columns = [...header.columns];
  const workloads: WorkloadJobs[] = [];
  for (const [name, acc] of byWorkload) {
    if (acc.statusCounts.size === 0) continue;
    workloads.push({ name, waitS: acc.wait.sorted(), jctS: acc.jct.sorted(), statusCounts: acc.statusCounts });
  }
  const hasUsage = columns.includes("gpus") && columns.includes("startS");
  return { columns, rows, warmupS: options.warmupS, workloads, usage: hasUsage ? [...usage.values()] : null };
}

function newAccumulator(): WorkloadAccumulator {
  return { wait: new FloatList(), jct: new FloatList(), statusCounts: new Map() };
}

/** Positions of the jobs.csv columns the report reads (-1: absent). */
interface JobColumns {
  workload: number;
  tenant: number;
  status: number;
  gpus: number;
  submitS: number;
  startS: number;
  endS: number;
  waitS: number;
  jctS: number;
}

function jobColumnsOf(header: CsvHeader): JobColumns {
  const at = (name: string) => header.indexOf(name);
  return {
    workload: at("workload"),
    tenant: at("tenant"),
    status: at("status"),
    gpus: at("gpus"),
    submitS: at("submitS"),
    startS: at("startS"),
    endS: at("endS"),
    waitS: at("waitS"),
    jctS: at("jctS"),
  };
}

/** Add a started job's GPU-hours (to its end, or to the end of the run while still running). */
function addUsage(usage: Map<string, TenantUsage>, cells: readonly CsvCell[], col: JobColumns, workload: string, runEndS: number): void {
  const gpus = numberAt(cells, col.gpus);
  const startS = numberAt(cells, col.startS);
  if (!Number.isFinite(gpus) || !Number.isFinite(startS)) return;
  const endCell = numberAt(cells, col.endS);
  const endS = Number.isFinite(endCell) ? endCell : runEndS;
  const hours = (gpus * Math.max(0, endS - startS)) / 3600;
  const tenant = textAt(cells, col.tenant, "default");
  const key = `${tenant}\u0000${workload}`;
  const entry = usage.get(key);
  if (entry === undefined) usage.set(key, { tenant, workload, gpuHours: hours });
  else entry.gpuHours += hours;
}
