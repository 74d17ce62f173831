import type { EventHandler } from "../../engine/event-queue.js";
import type { Network } from "../../model/network/network.js";
import { pathLatencyS } from "../../model/network/routing.js";

/** Bytes a token takes on the wire between regions (token ids as 32-bit integers). */
export const WAN_BYTES_PER_TOKEN = 4;

/**
 * Requests crossing regions over the topology's WAN links (issue 13 item 4): the latency is the
 * WAN route's (the sum of its links' latencies), and the prompt and output move as flows over the
 * route's WAN links, sharing them max–min fairly with training traffic and showing in the
 * `network` summary's `wan` class. A prompt's flow delivers after its transfer plus the route's
 * latency, then the request reaches its replica; output flows are carried for their bytes (the
 * tokens' timing keeps the one-way latency).
 */
export class WanTransfers {
  constructor(
    private readonly network: Network,
    /** Called with the request id when a prompt has crossed. */
    private readonly delivered: EventHandler,
  ) {}

  private path(from: string, to: string): Int32Array | null {
    return this.network.wanPath(this.network.regionIndex(from), this.network.regionIndex(to));
  }

  /** One-way latency of the WAN route between two regions, undefined when the topology has none. */
  latencyS(from: string, to: string): number | undefined {
    const path = this.path(from, to);
    return path === null ? undefined : pathLatencyS(this.network.topology, path);
  }

  /** Send `tokens` from region `from` to `to`; `requestId` >= 0 is told on delivery. False when there is no WAN route. */
  send(from: string, to: string, tokens: number, requestId: number): boolean {
    const path = this.path(from, to);
    if (path === null) return false;
    const bytes = tokens * WAN_BYTES_PER_TOKEN;
    this.network.flows.startFlowOnPath(path, bytes, requestId >= 0 ? { onDone: this.delivered, doneArg: requestId } : {});
    return true;
  }
}
