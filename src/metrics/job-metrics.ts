import type { Cell, RowSink } from "./row-sink.js";
import { type StatsSummary, StreamingStats, round } from "./stats.js";

/** The columns of jobs.csv, in order (DESIGN §6). */
export const jobColumns = ["id", "workload", "tenant", "gpus", "submitS", "startS", "endS", "waitS", "jctS", "slowdown", "status", "restarts", "reason", "firstWaitS"] as const;

/** The fields of an ended job that metrics read. */
export interface EndedJob {
  readonly id: string;
  readonly workload: string;
  readonly tenant: string;
  readonly gpus: number;
  readonly submitS: number;
  readonly startS: number;
  readonly endS: number;
  readonly status: string | undefined;
  /** Why it was rejected or failed ("" otherwise). */
  readonly reason?: string;
  /** Times it was interrupted and requeued. */
  readonly restarts?: number;
  /** Seconds spent in the queue over every attempt (the first wait and every wait after a requeue). */
  readonly queuedS?: number;
}

/** The `jobs` block of summary.json. */
export interface JobsSummary {
  submitted: number;
  completed: number;
  rejected: number;
  failed: number;
  unfinished: number;
  /** Rejected jobs by reason (capacity, memory, layout, ...). */
  rejectedBy: Record<string, number>;
  /** Fraction of completed (post-warm-up) jobs that waited at all. */
  probWait: number | null;
  waitS: StatsSummary;
  jctS: StatsSummary;
  slowdown: StatsSummary;
}

/** Jobs shorter than this count as this long in slowdown, so zero-length jobs do not divide by 0. */
export const SLOWDOWN_FLOOR_S = 1e-6;

/** Time in seconds, rounded to the microsecond for CSV readability (deterministic). */
function timeCell(valueS: number): Cell {
  return Number.isNaN(valueS) ? "" : Math.round(valueS * 1e6) / 1e6;
}

/** Collects job outcomes: streams jobs.csv rows and keeps bounded-memory statistics. */
export class JobMetrics {
  private submitted = 0;
  private readonly counts = { completed: 0, rejected: 0, failed: 0, unfinished: 0 };
  private waited = 0;
  private readonly rejectedBy: Record<string, number> = {};
  private readonly wait = new StreamingStats();
  private readonly jct = new StreamingStats();
  private readonly slowdown = new StreamingStats();

  constructor(
    private readonly sink: RowSink,
    private readonly warmupS: number,
  ) {}

  /** Count an arrival. */
  onSubmitted(): void {
    this.submitted++;
  }

  /** Record a job that ended (completed, rejected, failed) or is unfinished at the end of the run. */
  onEnded(job: EndedJob): void {
    const status = (job.status ?? "unfinished") as keyof typeof this.counts;
    this.counts[status]++;
    const reason = job.reason ?? "";
    if (status === "rejected") {
      const kind = reason.split(":")[0] || "unknown";
      this.rejectedBy[kind] = (this.rejectedBy[kind] ?? 0) + 1;
    }
    const started = !Number.isNaN(job.startS);
    const ended = !Number.isNaN(job.endS);
    // Wait is all queue time: after an interruption the job queues again, and that counts too.
    // Slowdown is JCT over the time the job held GPUs (every attempt, lost work included).
    const requeued = (job.restarts ?? 0) > 0 && job.queuedS !== undefined;
    const firstWaitS = started ? job.startS - job.submitS : Number.NaN;
    const waitS = requeued ? (job.queuedS as number) : firstWaitS;
    const jctS = started && ended ? job.endS - job.submitS : Number.NaN;
    const runS = started && ended ? (requeued ? jctS - waitS : job.endS - job.startS) : Number.NaN;
    const slowdown = jctS / Math.max(runS, SLOWDOWN_FLOOR_S);
    if (status === "completed" && job.submitS >= this.warmupS) {
      this.wait.add(waitS);
      this.jct.add(jctS);
      this.slowdown.add(slowdown);
      if (waitS > 0) this.waited++;
    }
    this.sink.write([
      job.id,
      job.workload,
      job.tenant,
      job.gpus,
      timeCell(job.submitS),
      timeCell(job.startS),
      timeCell(job.endS),
      timeCell(waitS),
      timeCell(jctS),
      Number.isNaN(slowdown) ? "" : Math.round(slowdown * 1e6) / 1e6,
      status,
      job.restarts ?? 0,
      reason,
      timeCell(firstWaitS),
    ]);
  }

  /** The summary block. */
  summary(): JobsSummary {
    const n = this.wait.count;
    return {
      submitted: this.submitted,
      ...this.counts,
      rejectedBy: Object.fromEntries(Object.entries(this.rejectedBy).sort(([a], [b]) => a.localeCompare(b))),
      probWait: n === 0 ? null : round(this.waited / n),
      waitS: this.wait.summary(),
      jctS: this.jct.summary(),
      slowdown: this.slowdown.summary(),
    };
  }
}
