import { parse } from "csv-parse/sync";
import { ScenarioError, message } from "../../messages.js";
import { excerpt } from "./excerpt.js";
import { TRACE_FILE_BYTES_LIMIT, readBoundedFile } from "./read-bounded.js";

/** One data row of an openb CSV file with its 1-based line number. */
export interface CsvRow {
  /** Line number in the file (the header is line 1). */
  readonly line: number;
  /** Cell by column name (absent optional columns read as ""). */
  cell(column: string): string;
}

/** The data rows of a CSV file, with which optional columns its header has. */
export interface CsvTable {
  /** The file, as given. */
  readonly file: string;
  /** Data rows in file order (rows with the wrong number of cells are reported, not listed). */
  readonly rows: readonly CsvRow[];
  /** Columns present in the header. */
  readonly columns: ReadonlySet<string>;
}

/**
 * Problems with rows: in strict mode the first one stops the import (a ScenarioError naming the
 * file and line); when lenient, bad rows are skipped and counted.
 */
export class RowProblems {
  /** Rows skipped so far (lenient mode). */
  skipped = 0;
  /** The first skipped row's problem, `line N: what` (lenient mode). */
  first: string | undefined;

  constructor(
    readonly file: string,
    readonly lenient: boolean,
  ) {}

  /** Report a bad row: throws unless lenient. */
  report(line: number, what: string): void {
    if (!this.lenient) throw new ScenarioError(message.traceRow(this.file, line, what));
    this.skipped++;
    this.first ??= `line ${line}: ${what}`;
  }
}

/** Read a CSV file whose header must hold `required` columns (and may hold `optional` ones). */
export function readCsvTable(file: string, required: readonly string[], optional: readonly string[], what: string, problems: RowProblems): CsvTable {
  const bytes = readBoundedFile(file, TRACE_FILE_BYTES_LIMIT, "traceFileBytes", what, (f) => message.traceNotFound(f, what));
  if (bytes.length === 0) throw new ScenarioError(message.traceEmpty(file, what));
  const text = bytes.toString("utf8");
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse returns {record, info} objects; its typings describe plain records.
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as typeof records;
  } catch (error) {
    // csv-parse quotes the offending text in its message: keep only its code, never file content.
    const line = (error as { lines?: number }).lines ?? 0;
    const code = (error as { code?: string }).code ?? "invalid CSV";
    throw new ScenarioError(message.traceRow(file, line, `CSV syntax error (${code})`));
  }
  const header = records[0]?.record ?? [];
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new ScenarioError(message.traceHeader(file, missing, [...required, ...optional]));
  const index = new Map(header.map((name, i) => [name, i]));
  const rows: CsvRow[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.length !== header.length) {
      problems.report(info.lines, `expected ${header.length} values (one per header column), found ${record.length}`);
      continue;
    }
    rows.push({ line: info.lines, cell: (column) => record[index.get(column) ?? -1] ?? "" });
  }
  return { file, rows, columns: new Set(header) };
}

/** A whole number in [min, max] from a cell, or an explanation of why it is not one. */
export function wholeNumber(text: string, column: string, min: number, max = Number.MAX_SAFE_INTEGER): number | string {
  if (!/^-?\d+$/.test(text)) return `${column} must be a whole number, got ${excerpt(text)}`;
  const value = Number(text);
  if (value < min || value > max) return `${column} must be ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}, got ${value}`;
  return value;
}

/** A non-negative time in seconds from a cell; undefined when the cell is empty. */
export function optionalTime(text: string, column: string): number | undefined | string {
  if (text === "") return undefined;
  return wholeNumber(text, column, 0);
}
