/**
 * Per-link traffic accounting: bytes moved (the integral of the link's load) and utilization
 * samples, summarized per link class as bytes, time-mean utilization and p99 utilization.
 */
import { type LinkClass, type LinkTable, linkClasses } from "./link-table.js";

/** Number of utilization histogram bins per class (p99 resolution is 1 / BINS). */
const BINS = 1000;

/** Statistics of one link class over the run so far. */
export interface LinkClassStats {
  /** Number of links in the class. */
  links: number;
  /** Bytes moved over all links of the class. */
  bytesMoved: number;
  /** Capacity-weighted mean utilization over the elapsed time (bytes moved / (capacity × time)). */
  meanUtilization: number;
  /** 99th percentile of per-link, per-sample-interval utilization (whole-run per-link mean when never sampled). */
  p99Utilization: number;
  /** Highest per-link, per-interval utilization seen. */
  maxUtilization: number;
}

/** Utilization of one link over the last sample interval. */
export interface LinkUtilization {
  /** Link name. */
  name: string;
  /** Link class. */
  linkClass: LinkClass;
  /** Mean utilization (0–1) over the interval. */
  utilization: number;
}

/** One call of `sampleUtilization`: per-class mean/max over the interval and the busiest links. */
export interface UtilizationSample {
  /** Simulated time of the sample. */
  timeS: number;
  /** Per class: mean and max link utilization over the interval since the previous sample. */
  byClass: Partial<Record<LinkClass, { meanUtilization: number; maxUtilization: number }>>;
  /** The busiest links over the interval, busiest first. */
  topLinks: LinkUtilization[];
}

/** Accumulates bytes per link from piecewise-constant loads; owned by `FlowNetwork`. */
export class LinkUsage {
  private loadBytesPerS: Float64Array;
  private lastS: Float64Array;
  private bytes: Float64Array;
  private bytesAtSample: Float64Array;
  private lastSampleS = 0;
  private histograms = new Map<LinkClass, Float64Array>();

  constructor(private readonly table: LinkTable) {
    const n = table.count;
    this.loadBytesPerS = new Float64Array(n);
    this.lastS = new Float64Array(n);
    this.bytes = new Float64Array(n);
    this.bytesAtSample = new Float64Array(n);
  }

  /** Bring a link's byte count up to `nowS` at its current load. */
  settle(link: number, nowS: number): void {
    const dt = nowS - (this.lastS[link] as number);
    if (dt > 0) this.bytes[link] = (this.bytes[link] as number) + (this.loadBytesPerS[link] as number) * dt;
    this.lastS[link] = nowS;
  }

  /** Add `deltaBytesPerS` to a link's load (call `settle` first). */
  addLoad(link: number, deltaBytesPerS: number): void {
    this.loadBytesPerS[link] = (this.loadBytesPerS[link] as number) + deltaBytesPerS;
  }

  /** Set a link's load (call `settle` first). */
  setLoad(link: number, bytesPerS: number): void {
    this.loadBytesPerS[link] = bytesPerS;
  }

  /** Current load of a link in bytes/s. */
  loadOf(link: number): number {
    return this.loadBytesPerS[link] as number;
  }

  /** Bytes moved over a link up to `nowS`. */
  bytesMoved(link: number, nowS: number): number {
    this.settle(link, nowS);
    return this.bytes[link] as number;
  }

  /** Record every link's mean utilization since the previous sample; returns the interval summary. */
  sample(nowS: number, topK = 3): UtilizationSample {
    const dt = nowS - this.lastSampleS;
    const byClass: UtilizationSample["byClass"] = {};
    const top: LinkUtilization[] = [];
    if (dt > 0) {
      const sums = new Map<LinkClass, { sum: number; max: number; n: number }>();
      const capacity = this.table.capacityBytesPerS;
      for (let l = 0; l < this.bytes.length; l++) {
        this.settle(l, nowS);
        const cap = capacity[l] as number;
        const u = cap > 0 && cap < Number.POSITIVE_INFINITY ? ((this.bytes[l] as number) - (this.bytesAtSample[l] as number)) / (cap * dt) : 0;
        this.bytesAtSample[l] = this.bytes[l] as number;
        const cls = this.table.classOf(l);
        this.record(cls, u);
        const acc = sums.get(cls) ?? { sum: 0, max: 0, n: 0 };
        acc.sum += u;
        acc.max = Math.max(acc.max, u);
        acc.n++;
        sums.set(cls, acc);
        this.keepTop(top, topK, { name: this.table.nameOf(l), linkClass: cls, utilization: u });
      }
      for (const [cls, acc] of sums) byClass[cls] = { meanUtilization: acc.sum / acc.n, maxUtilization: acc.max };
    }
    this.lastSampleS = nowS;
    return { timeS: nowS, byClass, topLinks: top };
  }

  /** Per-class totals up to `nowS` (classes without links are omitted). */
  classStats(nowS: number): Partial<Record<LinkClass, LinkClassStats>> {
    const capacity = this.table.capacityBytesPerS;
    const acc = new Map<LinkClass, { stats: LinkClassStats; capSum: number; finiteBytes: number; perLink: number[] }>();
    for (let l = 0; l < this.bytes.length; l++) {
      this.settle(l, nowS);
      const cls = this.table.classOf(l);
      let a = acc.get(cls);
      if (!a) {
        const stats = { links: 0, bytesMoved: 0, meanUtilization: 0, p99Utilization: 0, maxUtilization: 0 };
        a = { stats, capSum: 0, finiteBytes: 0, perLink: [] };
        acc.set(cls, a);
      }
      const cap = capacity[l] as number;
      const bytes = this.bytes[l] as number;
      a.stats.links++;
      a.stats.bytesMoved += bytes;
      const measurable = cap > 0 && cap < Number.POSITIVE_INFINITY && nowS > 0;
      if (measurable) {
        a.capSum += cap;
        a.finiteBytes += bytes;
      }
      a.perLink.push(measurable ? bytes / (cap * nowS) : 0);
    }
    const out: Partial<Record<LinkClass, LinkClassStats>> = {};
    for (const cls of linkClasses) {
      const a = acc.get(cls);
      if (!a) continue;
      const s = a.stats;
      s.meanUtilization = a.capSum > 0 ? a.finiteBytes / (a.capSum * nowS) : 0;
      const hist = this.histograms.get(cls);
      if (hist) {
        s.p99Utilization = quantileOfHistogram(hist, 0.99);
        s.maxUtilization = maxOfHistogram(hist);
      } else {
        const list = a.perLink.sort((x, y) => x - y);
        s.p99Utilization = list[Math.max(0, Math.ceil(0.99 * list.length) - 1)] ?? 0;
        s.maxUtilization = list[list.length - 1] ?? 0;
      }
      out[cls] = s;
    }
    return out;
  }

  private record(cls: LinkClass, utilization: number): void {
    let hist = this.histograms.get(cls);
    if (!hist) {
      hist = new Float64Array(BINS + 1);
      this.histograms.set(cls, hist);
    }
    const bin = Math.min(BINS, Math.max(0, Math.ceil(utilization * BINS - 1e-9)));
    hist[bin] = (hist[bin] as number) + 1;
  }

  private keepTop(top: LinkUtilization[], k: number, entry: LinkUtilization): void {
    if (k <= 0) return;
    if (top.length < k) top.push(entry);
    else if (entry.utilization > (top[k - 1] as LinkUtilization).utilization) top[k - 1] = entry;
    else return;
    top.sort((a, b) => b.utilization - a.utilization);
  }
}

/** Upper edge of the bin holding quantile q (bins are (i-1)/B..i/B, bin 0 holds exact zeros). */
function quantileOfHistogram(hist: Float64Array, q: number): number {
  let total = 0;
  for (let i = 0; i < hist.length; i++) total += hist[i] as number;
  if (total === 0) return 0;
  const target = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i] as number;
    if (seen >= target) return i / BINS;
  }
  return 1;
}

function maxOfHistogram(hist: Float64Array): number {
  for (let i = hist.length - 1; i >= 0; i--) if ((hist[i] as number) > 0) return i / BINS;
  return 0;
}
