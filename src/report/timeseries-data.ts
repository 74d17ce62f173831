import { numberAt, readCsv } from "./csv-read.js";

/** Text columns of timeseries.csv (e.g. the name of the busiest link); not averaged, not charted as values. */
const TIMESERIES_TEXT_COLUMNS: ReadonlySet<string> = new Set(["topLink"]);

/** Largest number of points a time series keeps for charts. */
export const MAX_SERIES_POINTS = 2000;

/** timeseries.csv read and down-sampled for charts. */
export interface TimeseriesData {
  /** Numeric value columns present (every column but `timeS` and text columns), in file order. */
  columns: string[];
  /** Number of rows in the file. */
  rows: number;
  /** File rows averaged into each point (1: no down-sampling). */
  samplesPerPoint: number;
  /** Time of each point: the first sample it averages (s). */
  timeS: Float64Array;
  /** Per column: the mean of the samples each point covers. */
  values: Map<string, Float64Array>;
}

/**
 * Streams rows into at most `maxPoints` buckets of equal sample counts. When the buckets fill
 * up, neighbours merge pairwise and the bucket width doubles, so memory stays bounded whatever
 * the file length and every point averages the same number of samples (the last one fewer).
 */
export class SeriesReducer {
  private width = 1;
  private readonly times: number[] = [];
  private readonly sums: number[][] = [];
  private readonly counts: number[] = [];

  constructor(
    private readonly columnCount: number,
    private readonly maxPoints = MAX_SERIES_POINTS,
  ) {}

  /** Add one sample: its time and one value per column. */
  add(timeS: number, values: readonly number[]): void {
    const last = this.counts.length - 1;
    if (last < 0 || this.counts[last]! >= this.width) {
      if (this.counts.length >= this.maxPoints) this.halve();
      this.times.push(timeS);
      this.sums.push(new Array<number>(this.columnCount).fill(0));
      this.counts.push(0);
    }
    const i = this.counts.length - 1;
    const sums = this.sums[i]!;
    for (let c = 0; c < this.columnCount; c++) sums[c]! += values[c]!;
    this.counts[i]!++;
  }

  /** Samples per point. */
  get samplesPerPoint(): number {
    return this.width;
  }

  /** The points: times and per-column means. */
  result(): { timeS: Float64Array; means: Float64Array[] } {
    const n = this.counts.length;
    const means = Array.from({ length: this.columnCount }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < this.columnCount; c++) means[c]![i] = this.sums[i]![c]! / this.counts[i]!;
    }
    return { timeS: Float64Array.from(this.times), means };
  }

  private halve(): void {
    const n = this.counts.length;
    let out = 0;
    for (let i = 0; i < n; i += 2) {
      this.times[out] = this.times[i]!;
      const sums = this.sums[i]!;
      const next = this.sums[i + 1];
      if (next !== undefined) for (let c = 0; c < this.columnCount; c++) sums[c]! += next[c]!;
      this.sums[out] = sums;
      this.counts[out] = this.counts[i]! + (this.counts[i + 1] ?? 0);
      out++;
    }
    this.times.length = out;
    this.sums.length = out;
    this.counts.length = out;
    this.width *= 2;
  }
}

/** Stream timeseries.csv into at most `maxPoints` averaged points per column. */
export async function readTimeseries(file: string, maxPoints = MAX_SERIES_POINTS): Promise<TimeseriesData> {
  let reducer: SeriesReducer | null = null;
  let timeIndex = -1;
  let valueIndexes: number[] = [];
  const values: number[] = [];
  const isValue = (name: string) => name !== "timeS" && !TIMESERIES_TEXT_COLUMNS.has(name);
  const { header, rows } = await readCsv(file, TIMESERIES_TEXT_COLUMNS, (cells, head) => {
    if (reducer === null) {
      timeIndex = head.indexOf("timeS");
      valueIndexes = head.columns.map((_, i) => i).filter((i) => isValue(head.columns[i]!));
      reducer = new SeriesReducer(valueIndexes.length, maxPoints);
    }
    for (let c = 0; c < valueIndexes.length; c++) {
      const v = numberAt(cells, valueIndexes[c]!);
      values[c] = Number.isFinite(v) ? v : 0;
    }
    reducer.add(numberAt(cells, timeIndex), values);
  });
  const names = header.columns.filter(isValue);
  const done = reducer as SeriesReducer | null;
  const reduced = done?.result() ?? { timeS: new Float64Array(0), means: [] };
  return {
    columns: names,
    rows,
    samplesPerPoint: done?.samplesPerPoint ?? 1,
    timeS: reduced.timeS,
    values: new Map(names.map((name, c) => [name, reduced.means[c] ?? new Float64Array(0)])),
  };
}
