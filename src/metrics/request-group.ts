import { type StatsSummary, StreamingStats, round } from "./stats.js";

/** Latency targets of a request class (absent: no target). */
export interface SloTargets {
  readonly ttftS?: number | undefined;
  readonly tpotS?: number | undefined;
  readonly e2eS?: number | undefined;
}

/** Request outcomes of one group (all requests, a service, or a service's class). */
export interface RequestGroupSummary {
  submitted: number;
  completed: number;
  rejected: number;
  failed: number;
  unfinished: number;
  /** Time to first token of completed requests that arrived after the warm-up. */
  ttftS: StatsSummary;
  /** Time per output token after the first (requests with more than one output token). */
  tpotS: StatsSummary;
  /** End-to-end latency. */
  e2eS: StatsSummary;
  /** Fraction of ended (completed, rejected, failed) post-warm-up requests that met their SLO. */
  sloAttainment: number | null;
  /** Requests meeting their SLO per second. */
  goodputPerS: number;
  /** Completed requests per second. */
  throughputPerS: number;
  /** Prompt tokens of completed requests per second. */
  promptTokensPerS: number;
  /** Output tokens of completed requests per second. */
  outputTokensPerS: number;
  /** Preemptions (KV cache ran out) summed over requests. */
  preemptions: number;
  /** Retries after a lost replica summed over requests. */
  retries: number;
}

/** Counters and streaming statistics of a group; a class group also feeds its service and the total. */
export class RequestGroup {
  private readonly counts = { submitted: 0, completed: 0, rejected: 0, failed: 0, unfinished: 0 };
  private readonly ttft = new StreamingStats();
  private readonly tpot = new StreamingStats();
  private readonly e2e = new StreamingStats();
  private ended = 0;
  private met = 0;
  private promptTokens = 0;
  private outputTokens = 0;
  private preemptions = 0;
  private retries = 0;

  constructor(
    /** Service name. */
    readonly service: string,
    /** Class name ("" for service and total groups). */
    readonly className: string,
    /** SLO of the class. */
    readonly slo: SloTargets,
    private readonly parent: RequestGroup | null,
    private readonly grandparent: RequestGroup | null,
  ) {}

  /** Count an arrival here and above. */
  countSubmitted(): void {
    this.counts.submitted++;
    if (this.parent !== null) this.parent.counts.submitted++;
    if (this.grandparent !== null) this.grandparent.counts.submitted++;
  }

  /** Record an outcome here and in the parent groups; latencies only for post-warm-up requests. */
  record(status: keyof RequestGroup["counts"], measured: boolean, ttftS: number, tpotS: number, e2eS: number, prompt: number, output: number, preemptions: number, retries: number): void {
    const slo = this.slo;
    const met =
      status === "completed" &&
      !(ttftS > (slo.ttftS ?? Number.POSITIVE_INFINITY)) &&
      !(tpotS > (slo.tpotS ?? Number.POSITIVE_INFINITY)) &&
      !(e2eS > (slo.e2eS ?? Number.POSITIVE_INFINITY));
    this.apply(status, measured, met, ttftS, tpotS, e2eS, prompt, output, preemptions, retries);
    this.parent?.apply(status, measured, met, ttftS, tpotS, e2eS, prompt, output, preemptions, retries);
    this.grandparent?.apply(status, measured, met, ttftS, tpotS, e2eS, prompt, output, preemptions, retries);
  }

  private apply(status: keyof RequestGroup["counts"], measured: boolean, met: boolean, ttftS: number, tpotS: number, e2eS: number, prompt: number, output: number, preemptions: number, retries: number): void {
    this.counts[status]++;
    this.preemptions += preemptions;
    this.retries += retries;
    if (!measured || status === "unfinished") return;
    this.ended++;
    if (met) this.met++;
    if (status !== "completed") return;
    this.ttft.add(ttftS);
    if (!Number.isNaN(tpotS)) this.tpot.add(tpotS);
    this.e2e.add(e2eS);
    this.promptTokens += prompt;
    this.outputTokens += output;
  }

  /** The group's summary; rates are per second of `spanS`. */
  summary(spanS: number): RequestGroupSummary {
    const rate = (n: number): number => (spanS > 0 ? round(n / spanS) : 0);
    return {
      ...this.counts,
      ttftS: this.ttft.summary(),
      tpotS: this.tpot.summary(),
      e2eS: this.e2e.summary(),
      sloAttainment: this.ended === 0 ? null : round(this.met / this.ended),
      goodputPerS: rate(this.met),
      throughputPerS: rate(this.ttft.count),
      promptTokensPerS: rate(this.promptTokens),
      outputTokensPerS: rate(this.outputTokens),
      preemptions: this.preemptions,
      retries: this.retries,
    };
  }
}
