/**
 * Storage for active flows (parallel typed arrays indexed by a reused flow id) and the
 * link–flow incidence, with discovery of the connected component around changed links.
 */
import type { EventHandler } from "../../engine/event-queue.js";

/** Flow records and which flows cross which links; used by `FlowNetwork`. */
export class FlowStore {
  /** Path (link ids) per flow id; null when the id is free. */
  paths: (Int32Array | null)[] = [];
  /** Bytes left at `lastS`. */
  remaining: Float64Array = new Float64Array(0);
  /** Current rate in bytes/s. */
  rate: Float64Array = new Float64Array(0);
  /** Rate from the latest solve (scratch). */
  solved: Float64Array = new Float64Array(0);
  /** Rate ceiling in bytes/s (Infinity when none). */
  ceiling: Float64Array = new Float64Array(0);
  /** Time `remaining` refers to. */
  lastS: Float64Array = new Float64Array(0);
  /** Sum of path latencies in seconds. */
  latencyS: Float64Array = new Float64Array(0);
  /** Pending completion event handle, -1 when none. */
  handle: Float64Array = new Float64Array(0);
  /** Argument for `onDone`. */
  doneArg: Float64Array = new Float64Array(0);
  /** Completion callback per flow id. */
  onDone: (EventHandler | null)[] = [];
  /** Flow ids on each link. */
  readonly linkFlows: number[][];
  private flowEpoch: Int32Array = new Int32Array(0);
  private readonly linkEpoch: Int32Array;
  private epoch = 0;
  private free: number[] = [];

  constructor(linkCount: number) {
    this.linkFlows = Array.from({ length: linkCount }, () => []);
    this.linkEpoch = new Int32Array(linkCount);
    this.grow(64);
  }

  /** Capacity of the id space (ids are < this). */
  get idSpace(): number {
    return this.paths.length;
  }

  /** Take a free id and put the flow on its links' lists. */
  attach(path: Int32Array): number {
    if (this.free.length === 0) this.grow(this.paths.length * 2);
    const f = this.free.pop() as number;
    this.paths[f] = path;
    for (let k = 0; k < path.length; k++) (this.linkFlows[path[k] as number] as number[]).push(f);
    return f;
  }

  /** Take the flow off its links' lists and free its id; returns its path. */
  detach(flow: number): Int32Array {
    const p = this.paths[flow] as Int32Array;
    for (let k = 0; k < p.length; k++) {
      const list = this.linkFlows[p[k] as number] as number[];
      const i = list.indexOf(flow);
      const last = list.pop() as number;
      if (last !== flow) list[i] = last;
    }
    this.paths[flow] = null;
    this.onDone[flow] = null;
    this.handle[flow] = -1;
    this.rate[flow] = 0;
    this.free.push(flow);
    return p;
  }

  /**
   * The closed component around `seedLinks` and `seedFlows`: every flow that shares a link,
   * transitively, and every link those flows cross. Appends to `outLinks` and `outFlows`.
   */
  component(seedLinks: readonly number[], seedFlows: readonly number[], outLinks: number[], outFlows: number[]): void {
    const epoch = ++this.epoch;
    const visitLink = (l: number): void => {
      if (this.linkEpoch[l] !== epoch) {
        this.linkEpoch[l] = epoch;
        outLinks.push(l);
      }
    };
    const visitFlow = (f: number): void => {
      const p = this.paths[f];
      if (this.flowEpoch[f] === epoch || p == null) return;
      this.flowEpoch[f] = epoch;
      outFlows.push(f);
      for (let k = 0; k < p.length; k++) visitLink(p[k] as number);
    };
    for (const l of seedLinks) visitLink(l);
    for (const f of seedFlows) visitFlow(f);
    for (let i = 0; i < outLinks.length; i++) {
      const list = this.linkFlows[outLinks[i] as number] as number[];
      for (let j = 0; j < list.length; j++) visitFlow(list[j] as number);
    }
  }

  private grow(size: number): void {
    const old = this.paths.length;
    const copy = (a: Float64Array): Float64Array => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.remaining = copy(this.remaining);
    this.rate = copy(this.rate);
    this.solved = copy(this.solved);
    this.ceiling = copy(this.ceiling);
    this.lastS = copy(this.lastS);
    this.latencyS = copy(this.latencyS);
    this.handle = copy(this.handle);
    this.doneArg = copy(this.doneArg);
    const epochs = new Int32Array(size);
    epochs.set(this.flowEpoch);
    this.flowEpoch = epochs;
    for (let f = old; f < size; f++) {
      this.paths.push(null);
      this.onDone.push(null);
    }
    for (let f = size - 1; f >= old; f--) this.free.push(f);
  }
}
