import { RequestGroup, type RequestGroupSummary, type SloTargets } from "./request-group.js";
import type { Cell, RowSink } from "./row-sink.js";
import type { StatsSummary } from "./stats.js";

/** The columns of requests.csv, in order (DESIGN §6). */
export const requestColumns = [
  "id",
  "service",
  "class",
  "region",
  "arrivalS",
  "startS",
  "firstTokenS",
  "endS",
  "promptTokens",
  "outputTokens",
  "ttftS",
  "tpotS",
  "e2eS",
  "preemptions",
  "retries",
  "status",
] as const;

/** How a request ended (in requests.csv `status`). */
export type RequestStatus = "completed" | "rejected" | "failed" | "unfinished";

/** The fields of an ended request that metrics read (times in seconds, NaN when not reached). */
export interface EndedRequest {
  readonly id: number;
  readonly arrivalS: number;
  readonly startS: number;
  readonly firstTokenS: number;
  readonly endS: number;
  readonly promptTokens: number;
  readonly outputTokens: number;
  readonly preemptions: number;
  readonly retries: number;
  /** Origin region of the request. */
  readonly region: string;
}

/** Figures the serving engine measures (not per request). */
export interface EngineFigures {
  /** Time-averaged fraction of KV blocks in use over ready replicas. */
  kvUtilization: number;
  /** Sequences per iteration. */
  batchSize: StatsSummary;
  /** Time-averaged number of replicas serving. */
  meanReplicas: number;
  /** Time-averaged requests in the system (admitted, not yet ended), for Little's law. */
  meanRequestsInSystem: number;
  /** Iterations run. */
  iterations: number;
}

/** The `requests` block of summary.json. */
export interface RequestsSummary extends RequestGroupSummary, EngineFigures {
  /** Per service. */
  services: Record<string, RequestGroupSummary>;
  /** Per `service/class`. */
  classes: Record<string, RequestGroupSummary>;
}

/** Time in seconds rounded to the microsecond, or "" when not reached. */
function timeCell(valueS: number): Cell {
  return Number.isNaN(valueS) ? "" : Math.round(valueS * 1e6) / 1e6;
}

/** Collects request outcomes: streams requests.csv rows and keeps bounded-memory statistics. */
export class RequestMetrics {
  private readonly overall: RequestGroup;
  private readonly services = new Map<string, RequestGroup>();
  private readonly classes = new Map<string, RequestGroup>();

  constructor(
    private readonly sink: RowSink,
    private readonly warmupS: number,
  ) {
    this.overall = new RequestGroup("all", "", {}, null, null);
  }

  /** The statistics group of a service's class (created on first use); its SLO decides attainment. */
  group(service: string, className: string, slo: SloTargets): RequestGroup {
    const key = `${service}/${className}`;
    let group = this.classes.get(key);
    if (group === undefined) {
      let parent = this.services.get(service);
      if (parent === undefined) {
        parent = new RequestGroup(service, "", {}, this.overall, null);
        this.services.set(service, parent);
      }
      group = new RequestGroup(service, className, slo, parent, this.overall);
      this.classes.set(key, group);
    }
    return group;
  }

  /** Count an arrival. */
  onSubmitted(group: RequestGroup): void {
    group.countSubmitted();
  }

  /** Record an ended request (or one unfinished at the end of the run) and write its row. */
  onEnded(r: EndedRequest, group: RequestGroup, status: RequestStatus): void {
    const completed = status === "completed";
    const ttftS = Number.isNaN(r.firstTokenS) ? Number.NaN : r.firstTokenS - r.arrivalS;
    const e2eS = completed ? r.endS - r.arrivalS : Number.NaN;
    const tpotS = completed && r.outputTokens > 1 ? (r.endS - r.firstTokenS) / (r.outputTokens - 1) : Number.NaN;
    group.record(status, r.arrivalS >= this.warmupS, ttftS, tpotS, e2eS, r.promptTokens, r.outputTokens, r.preemptions, r.retries);
    this.sink.write([
      r.id,
      group.service,
      group.className,
      r.region,
      timeCell(r.arrivalS),
      timeCell(r.startS),
      timeCell(r.firstTokenS),
      timeCell(completed || status === "failed" || status === "rejected" ? r.endS : Number.NaN),
      r.promptTokens,
      r.outputTokens,
      timeCell(ttftS),
      timeCell(tpotS),
      timeCell(e2eS),
      r.preemptions,
      r.retries,
      status,
    ]);
  }

  /** The summary block over `simulatedS` (rates over the span after the warm-up). */
  summary(simulatedS: number, engine: EngineFigures): RequestsSummary {
    const spanS = Math.max(0, simulatedS - this.warmupS);
    const services: Record<string, RequestGroupSummary> = {};
    for (const [name, group] of this.services) services[name] = group.summary(spanS);
    const classes: Record<string, RequestGroupSummary> = {};
    for (const [name, group] of this.classes) classes[name] = group.summary(spanS);
    return { ...this.overall.summary(spanS), ...engine, services, classes };
  }
}
