import { createReadStream } from "node:fs";
import { CsvError, parse } from "csv-parse";
import { ScenarioError, message } from "../messages.js";

/** A cell as read back: text for text columns, a number for the others, null for an empty cell. */
export type CsvCell = string | number | null;

/** The header of a CSV file: its column names and their positions. */
export class CsvHeader {
  private readonly positions: Map<string, number>;

  constructor(
    /** Column names in file order. */
    readonly columns: readonly string[],
  ) {
    this.positions = new Map(columns.map((name, i) => [name, i]));
  }

  /** Position of a column, or -1 when the file lacks it. */
  indexOf(column: string): number {
    return this.positions.get(column) ?? -1;
  }

  /** Whether the file has the column. */
  has(column: string): boolean {
    return this.positions.has(column);
  }
}

/** What a CSV read found besides its rows. */
export interface CsvReadResult {
  /** The header (empty for an empty file). */
  header: CsvHeader;
  /** Number of data rows (the header not counted). */
  rows: number;
}

/**
 * Stream a run's CSV file row by row (bounded memory for million-row files). Cells of columns in
 * `textColumns` stay strings; every other column is cast to a number (empty cell: null; a cell
 * that is not a number: NaN). The cast is done here per column rather than with csv-parse's
 * `cast` callback, which builds a context object per cell and is 15× slower on 1M-row files.
 * Malformed files become one-line ScenarioErrors naming the file.
 */
export async function readCsv(
  file: string,
  textColumns: ReadonlySet<string>,
  onRow: (cells: CsvCell[], header: CsvHeader) => void,
): Promise<CsvReadResult> {
  let header: CsvHeader | null = null;
  let numeric: boolean[] = [];
  let rows = 0;
  try {
    const parser = createReadStream(file).pipe(parse({ bom: true, skip_empty_lines: true }));
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header === null) {
        header = new CsvHeader(record);
        numeric = record.map((name) => !textColumns.has(name));
        continue;
      }
      const cells: CsvCell[] = record;
      for (let i = 0; i < cells.length; i++) if (numeric[i]) cells[i] = record[i] === "" ? null : Number(record[i]);
      rows++;
      onRow(cells, header);
    }
  } catch (error) {
    if (error instanceof CsvError) throw new ScenarioError(message.csvInvalid(file, error.message));
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "EACCES") throw new ScenarioError(message.csvInvalid(file, code));
    throw error;
  }
  return { header: header ?? new CsvHeader([]), rows };
}

/** The number at `index` (-1: absent column), or NaN when the cell is empty, text or absent. */
export function numberAt(cells: readonly CsvCell[], index: number): number {
  const value = index < 0 ? undefined : cells[index];
  return typeof value === "number" ? value : Number.NaN;
}

/** The text at `index` (-1: absent column), or `fallback` when the cell is empty or absent. */
export function textAt(cells: readonly CsvCell[], index: number, fallback: string): string {
  const value = index < 0 ? undefined : cells[index];
  return typeof value === "string" && value !== "" ? value : fallback;
}
