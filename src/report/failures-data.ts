import { numberAt, readCsv } from "./csv-read.js";

/** Text columns of failures.csv. */
const FAILURE_TEXT_COLUMNS: ReadonlySet<string> = new Set(["event", "kind", "id"]);

/** Most failure and repair marks a chart keeps (later ones are counted, not drawn). */
export const MAX_FAILURE_MARKS = 2000;

/** One row of failures.csv as the report keeps it. */
export interface FailureEvent {
  /** Simulated time (s). */
  timeS: number;
  /** `fail`, `repair` or `unrepaired` (still down at the end). */
  event: string;
  /** Component class: gpu, node, rack, region, link, straggler. */
  kind: string;
  /** GPUs the component holds. */
  gpus: number;
  /** GPUs of the fleet failed right after this row's event. */
  failedGpus: number;
  /** Cumulative GPU-hours of work re-executed (lost to interruptions) up to and including this row. */
  cumulativeReexecutedGpuHours: number;
  /** Cumulative GPU-hours of capacity lost (GPUs down × time) credited up to and including this row. */
  cumulativeDownGpuHours: number;
}

/** failures.csv read for charts. */
export interface FailuresData {
  /** Rows kept, in file (time) order: at most MAX_FAILURE_MARKS. */
  events: FailureEvent[];
  /** Rows in the file. */
  rows: number;
  /** Failure rows by component class (the summary's `failures.events`). */
  failsByKind: Record<string, number>;
  /** Repair rows. */
  repairs: number;
  /** Σ reexecutedGpuS / 3600 (the summary's `failures.reexecutedGpuHours`). */
  reexecutedGpuHours: number;
  /** Σ downGpuS / 3600 (the summary's `failures.lostGpuHours`). */
  downGpuHours: number;
  /** Σ jobsInterrupted (the summary's `failures.interruptions`). */
  interruptions: number;
}

/** Stream failures.csv into marks, running totals and counts. */
export async function readFailures(file: string, maxMarks = MAX_FAILURE_MARKS): Promise<FailuresData> {
  const events: FailureEvent[] = [];
  const failsByKind: Record<string, number> = {};
  let repairs = 0;
  let reexecutedGpuS = 0;
  let downGpuS = 0;
  let interruptions = 0;
  const { rows } = await readCsv(file, FAILURE_TEXT_COLUMNS, (cells, head) => {
    const text = (name: string): string => String(cells[head.indexOf(name)] ?? "");
    const num = (name: string): number => {
      const v = numberAt(cells, head.indexOf(name));
      return Number.isFinite(v) ? v : 0;
    };
    const event = text("event");
    const kind = text("kind");
    if (event === "fail") failsByKind[kind] = (failsByKind[kind] ?? 0) + 1;
    if (event === "repair") repairs++;
    reexecutedGpuS += num("reexecutedGpuS");
    downGpuS += num("downGpuS");
    interruptions += num("jobsInterrupted");
    if (events.length < maxMarks) {
      events.push({ timeS: num("timeS"), event, kind, gpus: num("gpus"), failedGpus: num("failedGpus"), cumulativeReexecutedGpuHours: reexecutedGpuS / 3600, cumulativeDownGpuHours: downGpuS / 3600 });
    }
  });
  return {
    events,
    rows,
    failsByKind: Object.fromEntries(Object.entries(failsByKind).sort(([a], [b]) => a.localeCompare(b))),
    repairs,
    reexecutedGpuHours: reexecutedGpuS / 3600,
    downGpuHours: downGpuS / 3600,
    interruptions,
  };
}
