/** A growable list of float64 values, compact enough for millions of rows (8 bytes per value). */
export class FloatList {
  private data = new Float64Array(64);
  private size = 0;

  /** Number of values held. */
  get length(): number {
    return this.size;
  }

  /** Append a value. */
  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  /** The values sorted ascending, in a new exactly-sized array. */
  sorted(): Float64Array {
    return this.data.slice(0, this.size).sort();
  }
}

/** Concatenate sorted arrays into one sorted array. */
export function mergeSorted(parts: readonly Float64Array[]): Float64Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Float64Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return parts.length <= 1 ? out : out.sort();
}

/** Quantile `q` (0–1) of ascending values by linear interpolation between ranks; NaN when empty. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** Arithmetic mean of the values; NaN when empty. */
export function meanOf(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
