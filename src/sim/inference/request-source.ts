import { createSampler, type Sampler } from "../../engine/distributions.js";
import type { RngStreams, RandomStream } from "../../engine/rng.js";
import { createArrivalProcess, type NextArrival } from "../../workload/arrivals.js";
import { type InferenceServiceSpec, isTraceArrival, type RequestClassSpec } from "../../workload/inference-service.js";
import type { TokenTrace } from "../../workload/traces/azure-llm.js";

/** The next request a source draws (one reused object). */
export interface RequestDraft {
  /** Arrival time. */
  arrivalS: number;
  /** Index into the service's classes. */
  classIndex: number;
  /** Prompt tokens (>= 1). */
  promptTokens: number;
  /** Output tokens (>= 0). */
  outputTokens: number;
  /** Index into the service's origins (0 when it has none). */
  originIndex: number;
}

/** Picks an index by weight with one uniform draw. */
function weightedPicker(weights: readonly number[], stream: RandomStream): () => number {
  if (weights.length <= 1) return () => 0;
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w / total;
    cumulative.push(sum);
  }
  return () => {
    const u = stream.next();
    for (let i = 0; i < cumulative.length; i++) if (u < (cumulative[i] as number)) return i;
    return cumulative.length - 1;
  };
}

/** The classes of a service (one `default` class when the scenario gives none). */
export function serviceClasses(spec: InferenceServiceSpec): RequestClassSpec[] {
  return spec.classes ?? [{ name: "default", weight: 1 }];
}

/**
 * Arrivals of one service: an arrival process with per-class token distributions, or a token
 * trace (times and token counts from the file; classes still drawn by weight for their SLOs).
 * Streams: `inference:<service>:arrivals`, `:classes`, `:origins`, `:<class>:prompt`, `:<class>:output`.
 */
export class RequestSource {
  /** The draft filled by `next`. */
  readonly draft: RequestDraft = { arrivalS: 0, classIndex: 0, promptTokens: 1, outputTokens: 0, originIndex: 0 };
  private drawn = 0;
  private readonly limit: number;
  private readonly nextArrival: NextArrival | null;
  private readonly pickClass: () => number;
  private readonly pickOrigin: () => number;
  private readonly prompt: Sampler[];
  private readonly output: Sampler[];
  private lastS: number;
  private readonly startS: number;

  constructor(
    spec: InferenceServiceSpec,
    rng: RngStreams,
    private readonly trace: TokenTrace | null,
    private readonly prefillOnly: boolean,
  ) {
    const s = `inference:${spec.name}`;
    const classes = serviceClasses(spec);
    this.pickClass = weightedPicker(classes.map((c) => c.weight), rng.stream(`${s}:classes`));
    this.pickOrigin = weightedPicker((spec.origins ?? []).map((o) => o.weight), rng.stream(`${s}:origins`));
    this.prompt = classes.map((c) => createSampler(c.promptTokens ?? spec.promptTokens, rng.stream(`${s}:${c.name}:prompt`)));
    this.output = classes.map((c) => (prefillOnly ? () => 0 : createSampler(c.outputTokens ?? spec.outputTokens, rng.stream(`${s}:${c.name}:output`))));
    this.nextArrival = isTraceArrival(spec.arrival) ? null : createArrivalProcess(spec.arrival, rng.stream(`${s}:arrivals`));
    const traceRows = trace === null ? Number.POSITIVE_INFINITY : trace.arrivalS.length;
    this.limit = Math.min(spec.count ?? Number.POSITIVE_INFINITY, traceRows);
    this.lastS = spec.startS;
    this.startS = spec.startS;
  }

  /** True while arrivals remain. */
  get hasMore(): boolean {
    return this.drawn < this.limit;
  }

  /** Draw the next request into `draft`; false when the source is exhausted. */
  next(): boolean {
    if (this.drawn >= this.limit) return false;
    const d = this.draft;
    const i = this.drawn++;
    d.classIndex = this.pickClass();
    d.originIndex = this.pickOrigin();
    const trace = this.trace;
    if (trace !== null) {
      d.arrivalS = this.startS + (trace.arrivalS[i] as number);
      d.promptTokens = Math.max(1, trace.promptTokens[i] as number);
      d.outputTokens = this.prefillOnly ? 0 : Math.max(0, trace.outputTokens[i] as number);
      return true;
    }
    this.lastS = (this.nextArrival as NextArrival)(this.lastS);
    d.arrivalS = this.lastS;
    d.promptTokens = Math.max(1, Math.round((this.prompt[d.classIndex] as Sampler)()));
    d.outputTokens = Math.max(0, Math.round((this.output[d.classIndex] as Sampler)()));
    return true;
  }
}
