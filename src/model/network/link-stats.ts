/**
 * Per-link traffic accounting from exact time integrals of the piecewise-constant link loads:
 * bytes moved, and per link class the time-weighted distribution of instantaneous utilization
 * (load / nominal capacity), so summaries do not depend on how often the run samples. Samples
 * (interval means, exact too) serve only timeseries.csv.
 */
import { type LinkClass, type LinkTable, linkClasses } from "./link-table.js";

/** Number of utilization histogram bins per class (p99 resolution is 1 / BINS; max is exact). */
const BINS = 1000;

/** Statistics of one link class over the run so far. */
export interface LinkClassStats {
  /** Number of links in the class. */
  links: number;
  /** Bytes moved over all links of the class. */
  bytesMoved: number;
  /** Capacity-weighted mean utilization over the elapsed time (bytes moved / (nominal capacity × time)). */
  meanUtilization: number;
  /** 99th percentile over link-seconds of the class (time-weighted) of instantaneous utilization, to 1/1000 (upper bin edge). */
  p99Utilization: number;
  /** Highest instantaneous utilization any link of the class held for a positive time (exact). */
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
  /** Time each link's utilization histogram is settled to (loads change only in solves). */
  private histLastS: Float64Array;
  /** Class index (into linkClasses) per link. */
  private readonly classIndex: Uint8Array;
  /** Per class: link-seconds spent in each utilization bin. */
  private readonly histograms: Float64Array[];
  /** Per class: highest instantaneous utilization held for a positive time. */
  private readonly maxUtil: Float64Array;

  constructor(private readonly table: LinkTable) {
    const n = table.count;
    this.loadBytesPerS = new Float64Array(n);
    this.lastS = new Float64Array(n);
    this.bytes = new Float64Array(n);
    this.bytesAtSample = new Float64Array(n);
    this.histLastS = new Float64Array(n);
    this.classIndex = Uint8Array.from({ length: n }, (_, l) => linkClasses.indexOf(table.classOf(l)));
    this.histograms = linkClasses.map(() => new Float64Array(BINS + 1));
    this.maxUtil = new Float64Array(linkClasses.length);
  }

  /** Bring a link's byte count (and its utilization histogram unless `histogram` is false) up to `nowS` at its current load. */
  settle(link: number, nowS: number, histogram = true): void {
    const dt = nowS - (this.lastS[link] as number);
    if (dt > 0) {
      this.bytes[link] = (this.bytes[link] as number) + (this.loadBytesPerS[link] as number) * dt;
      this.lastS[link] = nowS;
    }
    if (histogram) this.settleHistogram(link, nowS);
  }

  /** Add the time since the last settle to the bin of the link's current utilization. */
  private settleHistogram(link: number, nowS: number): void {
    const dt = nowS - (this.histLastS[link] as number);
    if (!(dt > 0)) return;
    this.histLastS[link] = nowS;
    const cap = this.table.nominalCapacityBytesPerS[link] as number;
    const u = cap > 0 && cap < Number.POSITIVE_INFINITY ? (this.loadBytesPerS[link] as number) / cap : 0;
    const c = this.classIndex[link] as number;
    const hist = this.histograms[c] as Float64Array;
    const bin = Math.min(BINS, Math.max(0, Math.ceil(u * BINS - 1e-9)));
    hist[bin] = (hist[bin] as number) + dt;
    if (u > (this.maxUtil[c] as number)) this.maxUtil[c] = u;
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
      const capacity = this.table.nominalCapacityBytesPerS;
      for (let l = 0; l < this.bytes.length; l++) {
        // Bytes only: samples past the run's end must not add idle time to the summary histograms.
        this.settle(l, nowS, false);
        const cap = capacity[l] as number;
        const u = cap > 0 && cap < Number.POSITIVE_INFINITY ? ((this.bytes[l] as number) - (this.bytesAtSample[l] as number)) / (cap * dt) : 0;
        this.bytesAtSample[l] = this.bytes[l] as number;
        const cls = linkClasses[this.classIndex[l] as number] as LinkClass;
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

  /**
   * Per-class totals over [0, `nowS`] (classes without links are omitted). `nowS` may be earlier
   * than the latest sample (the run's end before an idle tail) but not than the last load change.
   */
  classStats(nowS: number): Partial<Record<LinkClass, LinkClassStats>> {
    const capacity = this.table.nominalCapacityBytesPerS;
    const acc = new Map<LinkClass, { stats: LinkClassStats; capSum: number; finiteBytes: number }>();
    for (let l = 0; l < this.bytes.length; l++) {
      this.settle(l, nowS);
      const cls = this.table.classOf(l);
      let a = acc.get(cls);
      if (!a) {
        const stats = { links: 0, bytesMoved: 0, meanUtilization: 0, p99Utilization: 0, maxUtilization: 0 };
        a = { stats, capSum: 0, finiteBytes: 0 };
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
    }
    const out: Partial<Record<LinkClass, LinkClassStats>> = {};
    for (const cls of linkClasses) {
      const a = acc.get(cls);
      if (!a) continue;
      const s = a.stats;
      s.meanUtilization = a.capSum > 0 ? a.finiteBytes / (a.capSum * nowS) : 0;
      const c = linkClasses.indexOf(cls);
      s.p99Utilization = quantileOfHistogram(this.histograms[c] as Float64Array, 0.99);
      s.maxUtilization = this.maxUtil[c] as number;
      out[cls] = s;
    }
    return out;
  }

  private keepTop(top: LinkUtilization[], k: number, entry: LinkUtilization): void {
    if (k <= 0) return;
    if (top.length < k) top.push(entry);
    else if (entry.utilization > (top[k - 1] as LinkUtilization).utilization) top[k - 1] = entry;
    else return;
    top.sort((a, b) => b.utilization - a.utilization);
  }
}

/** Upper edge of the bin holding quantile q of the weights (bins are (i-1)/B..i/B, bin 0 holds exact zeros). */
function quantileOfHistogram(hist: Float64Array, q: number): number {
  let total = 0;
  for (let i = 0; i < hist.length; i++) total += hist[i] as number;
  if (total === 0) return 0;
  const target = q * total * (1 - 1e-12);
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i] as number;
    if (seen >= target) return i / BINS;
  }
  return 1;
}
