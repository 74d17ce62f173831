/**
 * Flow-level network simulation on the event engine.
 *
 * Flows share links max–min fairly (max-min.ts). A change (flow added, ended, capacity changed)
 * marks links dirty; one solve event per timestamp (SOLVE_PRIORITY, after ordinary events) re-solves
 * only the connected component of flows sharing links with them, settles their progress, and
 * reschedules the completions whose rate changed. `onDone` runs at the last byte + path latency.
 */
import type { EventHandle, EventHandler } from "../../engine/event-queue.js";
import type { Simulation } from "../../engine/simulation.js";
import { FlowStore } from "./flow-store.js";
import { type LinkClassStats, LinkUsage, type UtilizationSample } from "./link-stats.js";
import type { LinkClass, LinkTable } from "./link-table.js";
import { createWaterFillScratch, type WaterFillScratch, waterFill } from "./max-min.js";

/** Event priority of the rate solve: after every ordinary event at the same time. */
export const SOLVE_PRIORITY = 2 ** 30;

/** Options for one flow. */
export interface FlowOptions {
  /** Rate ceiling of this flow in bytes/s (endpoint limit, protocol efficiency); none by default. */
  maxRateBytesPerS?: number;
  /** Called with `doneArg` when the flow has been delivered. Pre-bind it; avoid a closure per flow. */
  onDone?: EventHandler;
  /** Argument passed to `onDone` (default 0). */
  doneArg?: number;
}

/** Max–min fair flow network over a link table. Flow ids are reused after a flow ends. */
export class FlowNetwork {
  private readonly usage: LinkUsage;
  private readonly store: FlowStore;
  private readonly dirty: number[] = [];
  private readonly dirtyMark: Uint8Array;
  private scratch: WaterFillScratch;
  private pendingFlows: number[] = [];
  private solveHandle: EventHandle = -1;
  private active = 0;
  private completed = 0;
  private readonly solveHandler = (): void => {
    this.solveHandle = -1;
    this.solve();
  };
  private readonly completeHandler = (flow: number): void => this.complete(flow);

  constructor(
    private readonly sim: Simulation,
    /** The links flows run over (change capacities through `setLinkCapacity`). */
    readonly links: LinkTable,
  ) {
    this.usage = new LinkUsage(links);
    this.store = new FlowStore(links.count);
    this.dirtyMark = new Uint8Array(links.count);
    this.scratch = createWaterFillScratch(links.count, this.store.idSpace);
  }

  /** Number of flows in progress. */
  get activeFlows(): number {
    return this.active;
  }

  /** Number of flows delivered so far. */
  get completedFlows(): number {
    return this.completed;
  }

  /** Start a flow of `bytes` over `path` (link ids); returns its id (valid until it ends). */
  startFlowOnPath(path: ArrayLike<number>, bytes: number, options: FlowOptions = {}): number {
    if (!(bytes >= 0)) throw new RangeError(`flow size must be >= 0 bytes, got ${bytes}`);
    const ceiling = options.maxRateBytesPerS ?? Number.POSITIVE_INFINITY;
    if (!(ceiling > 0)) throw new RangeError(`flow rate ceiling must be > 0 bytes/s, got ${ceiling}`);
    const p = Int32Array.from(path);
    let latencyS = 0;
    for (let k = 0; k < p.length; k++) {
      const l = p[k] as number;
      if (!(l >= 0 && l < this.links.count)) throw new RangeError(`no link with id ${l}`);
      latencyS += this.links.latencyS[l] as number;
    }
    const s = this.store;
    const f = s.attach(p);
    s.remaining[f] = bytes;
    s.rate[f] = 0;
    s.ceiling[f] = ceiling;
    s.lastS[f] = this.sim.nowS;
    s.latencyS[f] = latencyS;
    s.handle[f] = -1;
    s.onDone[f] = options.onDone ?? null;
    s.doneArg[f] = options.doneArg ?? 0;
    this.active++;
    for (let k = 0; k < p.length; k++) this.markDirty(p[k] as number);
    this.pendingFlows.push(f);
    this.requestSolve();
    return f;
  }

  /** Stop a flow without calling its `onDone`; false when it is not active. */
  cancelFlow(flow: number): boolean {
    if (this.store.paths[flow] == null) return false;
    this.detach(flow);
    return true;
  }

  /** Change a link's capacity (a failure sets 0; flows over it stall until it comes back). */
  setLinkCapacity(link: number, bytesPerS: number): void {
    this.usage.settle(link, this.sim.nowS);
    this.links.setCapacity(link, bytesPerS);
    this.markDirty(link);
    this.requestSolve();
  }

  /** Current rate of an active flow in bytes/s (applies pending changes first). */
  rateOf(flow: number): number {
    this.flush();
    return this.store.paths[flow] == null ? 0 : (this.store.rate[flow] as number);
  }

  /** Bytes an active flow still has to send. */
  remainingBytesOf(flow: number): number {
    const s = this.store;
    if (s.paths[flow] == null) return 0;
    const sent = (s.rate[flow] as number) * (this.sim.nowS - (s.lastS[flow] as number));
    return Math.max(0, (s.remaining[flow] as number) - sent);
  }

  /** Ids of the active flows, ascending. */
  activeFlowIds(): number[] {
    const ids: number[] = [];
    for (let f = 0; f < this.store.idSpace; f++) if (this.store.paths[f] != null) ids.push(f);
    return ids;
  }

  /** Path (link ids) of an active flow. */
  pathOf(flow: number): Int32Array {
    const p = this.store.paths[flow];
    if (p == null) throw new RangeError(`flow ${flow} is not active`);
    return p;
  }

  /** Rate ceiling of an active flow (Infinity when none). */
  ceilingOf(flow: number): number {
    return this.store.ceiling[flow] as number;
  }

  /** Current load of a link in bytes/s (sum of its flows' rates). */
  linkLoadBytesPerS(link: number): number {
    this.flush();
    return this.usage.loadOf(link);
  }

  /** Bytes moved over a link so far. */
  bytesMovedOnLink(link: number): number {
    this.flush();
    return this.usage.bytesMoved(link, this.sim.nowS);
  }

  /** Per link class: bytes moved, mean, p99 and max utilization over [0, `endS`] (default now; not before the last flow change). */
  linkClassStats(endS = this.sim.nowS): Partial<Record<LinkClass, LinkClassStats>> {
    this.flush();
    return this.usage.classStats(endS);
  }

  /** Record each link's utilization since the previous sample (call it periodically). */
  sampleUtilization(topK = 3): UtilizationSample {
    this.flush();
    return this.usage.sample(this.sim.nowS, topK);
  }

  /** Apply pending changes now instead of at the end of the current timestamp. */
  flush(): void {
    if (this.solveHandle < 0) return;
    this.sim.cancel(this.solveHandle);
    this.solveHandle = -1;
    this.solve();
  }

  /** Re-solve every active flow at once (a check on the incremental solve; same result). */
  recomputeAll(): void {
    for (let l = 0; l < this.links.count; l++) if ((this.store.linkFlows[l] as number[]).length > 0) this.markDirty(l);
    this.pendingFlows.push(...this.activeFlowIds());
    if (this.solveHandle >= 0) this.sim.cancel(this.solveHandle);
    this.solveHandle = -1;
    this.solve();
  }

  private solve(): void {
    const nowS = this.sim.nowS;
    const s = this.store;
    const compLinks: number[] = [];
    const compFlows: number[] = [];
    s.component(this.dirty, this.pendingFlows, compLinks, compFlows);
    for (const l of this.dirty) this.dirtyMark[l] = 0;
    this.dirty.length = 0;
    this.pendingFlows.length = 0;
    for (const f of compFlows) {
      const dt = nowS - (s.lastS[f] as number);
      if (dt > 0) s.remaining[f] = (s.remaining[f] as number) - (s.rate[f] as number) * dt;
      s.lastS[f] = nowS;
    }
    for (const l of compLinks) {
      this.usage.settle(l, nowS);
      this.usage.setLoad(l, 0);
    }
    if (this.scratch.frozen.length < s.idSpace) this.scratch.frozen = new Uint8Array(s.idSpace);
    const capacity = this.links.capacityBytesPerS;
    waterFill(compFlows, compFlows.length, compLinks, compLinks.length, s.paths, s.ceiling, capacity, s.solved, this.scratch);
    for (const f of compFlows) {
      const r = s.solved[f] as number;
      const p = s.paths[f] as Int32Array;
      for (let k = 0; k < p.length; k++) this.usage.addLoad(p[k] as number, r);
      if (r === s.rate[f] && s.handle[f] !== -1) continue;
      s.rate[f] = r;
      if (s.handle[f] !== -1) this.sim.cancel(s.handle[f] as number);
      s.handle[f] = -1;
      if (r > 0) s.handle[f] = this.sim.scheduleAt(nowS + Math.max(0, s.remaining[f] as number) / r, this.completeHandler, f);
    }
  }

  private complete(flow: number): void {
    const s = this.store;
    s.handle[flow] = -1;
    const cb = s.onDone[flow] ?? null;
    const arg = s.doneArg[flow] as number;
    const latencyS = s.latencyS[flow] as number;
    this.detach(flow);
    this.completed++;
    if (cb === null) return;
    if (latencyS > 0) this.sim.schedule(latencyS, cb, arg);
    else cb(arg);
  }

  private detach(flow: number): void {
    const s = this.store;
    if (s.handle[flow] !== -1) this.sim.cancel(s.handle[flow] as number);
    const p = s.detach(flow);
    for (let k = 0; k < p.length; k++) this.markDirty(p[k] as number);
    this.active--;
    this.requestSolve();
  }

  private markDirty(link: number): void {
    if (this.dirtyMark[link] === 0) {
      this.dirtyMark[link] = 1;
      this.dirty.push(link);
    }
  }

  private requestSolve(): void {
    if (this.solveHandle < 0) this.solveHandle = this.sim.schedule(0, this.solveHandler, 0, SOLVE_PRIORITY);
  }
}
