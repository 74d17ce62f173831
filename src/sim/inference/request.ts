import type { EndedRequest } from "../../metrics/request-metrics.js";
import type { RequestGroup } from "../../metrics/request-group.js";
import type { RouteRequestView } from "../../policies/router/router-types.js";

/**
 * One-way latencies between regions: a `from>to` pair the service gives, else the topology's WAN
 * route between the regions (the sum of its links' latencies), else the service's `wanLatencyS`.
 */
export class LatencyTable {
  constructor(
    private readonly wanLatencyS: number,
    private readonly pairs: Readonly<Record<string, number>> = {},
    /** Latency of the topology's WAN route between two regions, undefined when it has none. */
    private readonly topologyS: (from: string, to: string) => number | undefined = () => undefined,
  ) {}

  /** One-way latency in seconds from `from` to `to` (0 within a region). */
  latencyS(from: string, to: string): number {
    if (from === to || from === "" || to === "") return 0;
    return this.pairs[`${from}>${to}`] ?? this.topologyS(from, to) ?? this.wanLatencyS;
  }
}

/**
 * One inference request: its identity and outcome (what requests.csv reports) and the engine state
 * a replica advances per iteration. One object per request, none per token.
 */
export class InferenceRequest implements EndedRequest, RouteRequestView {
  /** First time the request entered a batch. */
  startS = Number.NaN;
  /** Time the first output token reached the client (iteration end + return latency). */
  firstTokenS = Number.NaN;
  /** Time the request ended. */
  endS = Number.NaN;
  /** Times the KV cache ran out and the request was evicted (recomputed later). */
  preemptions = 0;
  /** Times the request was resent after its replica was lost. */
  retries = 0;
  /** Tokens whose KV entries the replica holds. */
  kvTokens = 0;
  /** Tokens to prefill before decoding (the prompt, plus generated tokens after a preemption). */
  prefillTarget: number;
  /** Output tokens produced. */
  generated = 0;
  /** KV blocks held. */
  blocks = 0;
  /** Tokens this request contributes to the iteration in flight (0: not in it). */
  chunk = 0;
  /** One-way latency between the origin and the replica serving the request. */
  latencyS = 0;
  /** Region of the replica serving the request ("" before routing). */
  servedRegion = "";

  constructor(
    /** Run-wide request id. */
    readonly id: number,
    /** Arrival number within the service. */
    readonly sequence: number,
    /** Statistics group (service and class). */
    readonly group: RequestGroup,
    /** Origin region. */
    readonly region: string,
    /** Arrival time. */
    readonly arrivalS: number,
    /** Prompt tokens. */
    readonly promptTokens: number,
    /** Output tokens (0: prefill only). */
    readonly outputTokens: number,
    private readonly latencies: LatencyTable,
  ) {
    this.prefillTarget = promptTokens;
  }

  /** Service name (router view). */
  get service(): string {
    return this.group.service;
  }

  /** Class name (router view). */
  get requestClass(): string {
    return this.group.className;
  }

  /** Origin region (router view). */
  get originRegion(): string {
    return this.region;
  }

  /** One-way latency from the origin to `region`. */
  latencyToS(region: string): number {
    return this.latencies.latencyS(this.region, region);
  }

  /** Forget the engine state (after a preemption or a lost replica). */
  resetEngineState(keepGenerated: boolean): void {
    if (!keepGenerated) this.generated = 0;
    this.kvTokens = 0;
    this.blocks = 0;
    this.chunk = 0;
    this.prefillTarget = this.promptTokens + this.generated;
  }
}
