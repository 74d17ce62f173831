/** A cell of an output table. Empty string for "not applicable" (e.g. endS of an unfinished job). */
export type Cell = string | number;

/** Where rows of a table go (a CSV file, an in-memory array in tests). Rows stream; nothing is kept. */
export interface RowSink {
  /** Append one row (cells in the order of the table's columns). */
  write(row: readonly Cell[]): void;
}

/** A sink that drops rows (used when a table is not wanted, e.g. in benchmarks of the core). */
export const discardRows: RowSink = { write: () => {} };
