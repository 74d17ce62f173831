/**
 * Token traces of LLM requests: the Azure LLM inference trace 2023 (`TIMESTAMP,ContextTokens,
 * GeneratedTokens`, one row per request, timestamps as `2023-11-16 18:17:03.9799600`) and any CSV
 * with a column mapping (time in seconds, milliseconds or date-time text). Rows become arrival
 * offsets from the first request (scaled by timeScale) with prompt and output token counts, held
 * in typed arrays. Bad rows stop the import with the file and line, or are skipped and counted.
 */
import { ScenarioError, message } from "../../messages.js";
import { excerpt } from "./excerpt.js";
import { type CsvRow, RowProblems, readCsvTable, wholeNumber } from "./openb-csv.js";

/** Requests of a trace, in arrival order. */
export interface TokenTrace {
  /** The file. */
  file: string;
  /** Arrival offsets from the first request, seconds (scaled), ascending. */
  arrivalS: Float64Array;
  /** Prompt (context) tokens. */
  promptTokens: Int32Array;
  /** Output (generated) tokens. */
  outputTokens: Int32Array;
  /** Rows skipped as bad (lenient mode). */
  skipped: number;
  /** The first skipped row's problem, `line N: what`. */
  firstSkipped: string | undefined;
}

/** Which columns hold what, and the time unit. */
export interface TokenTraceColumns {
  time: string;
  promptTokens: string;
  outputTokens: string;
  timeUnit: "s" | "ms" | "datetime";
}

/** The Azure LLM inference 2023 columns. */
export const azureLlmColumns: TokenTraceColumns = { time: "TIMESTAMP", promptTokens: "ContextTokens", outputTokens: "GeneratedTokens", timeUnit: "datetime" };

/** How to read a trace. */
export interface TokenTraceOptions {
  /** Multiply gaps by this. */
  timeScale?: number;
  /** Skip and count bad rows. */
  lenient?: boolean;
  /** Keep only the first `limit` valid rows. */
  limit?: number | undefined;
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$/;

/** Seconds since the epoch (UTC) of `YYYY-MM-DD hh:mm:ss[.fraction]`, or an explanation. */
export function parseTraceDateTime(text: string, column: string): number | string {
  const m = DATETIME.exec(text);
  if (m === null) return `${column} must be a date-time like 2023-11-16 18:17:03.9799600, got ${excerpt(text)}`;
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return ms / 1000 + (frac === undefined ? 0 : Number(`0.${frac}`));
}

function timeOf(row: CsvRow, columns: TokenTraceColumns): number | string {
  const text = row.cell(columns.time);
  if (columns.timeUnit === "datetime") return parseTraceDateTime(text, columns.time);
  const value = Number(text);
  if (text === "" || !Number.isFinite(value)) return `${columns.time} must be a number, got ${excerpt(text)}`;
  return columns.timeUnit === "ms" ? value / 1000 : value;
}

/** Read a token trace with a column mapping. */
export function readTokenTrace(file: string, columns: TokenTraceColumns, options: TokenTraceOptions = {}): TokenTrace {
  const problems = new RowProblems(file, options.lenient ?? false);
  const table = readCsvTable(file, [columns.time, columns.promptTokens, columns.outputTokens], [], "an LLM request trace", problems);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const times: number[] = [];
  const prompts: number[] = [];
  const outputs: number[] = [];
  for (const row of table.rows) {
    if (times.length >= limit) break;
    const t = timeOf(row, columns);
    const p = wholeNumber(row.cell(columns.promptTokens), columns.promptTokens, 1);
    const o = wholeNumber(row.cell(columns.outputTokens), columns.outputTokens, 0);
    const problem = [t, p, o].find((v) => typeof v === "string");
    if (problem !== undefined) {
      problems.report(row.line, problem as string);
      continue;
    }
    times.push(t as number);
    prompts.push(p as number);
    outputs.push(o as number);
  }
  if (times.length === 0) throw new ScenarioError(message.traceEmpty(file, "valid requests"));
  // Stable sort by time (the Azure files are already in order; others may not be).
  const order = times.map((_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  const t0 = times[order[0] as number] as number;
  const scale = options.timeScale ?? 1;
  return {
    file,
    arrivalS: Float64Array.from(order, (i) => ((times[i] as number) - t0) * scale),
    promptTokens: Int32Array.from(order, (i) => prompts[i] as number),
    outputTokens: Int32Array.from(order, (i) => outputs[i] as number),
    skipped: problems.skipped,
    firstSkipped: problems.first,
  };
}

/** Read an Azure LLM inference 2023 trace file. */
export function readAzureLlmTrace(file: string, options: TokenTraceOptions = {}): TokenTrace {
  return readTokenTrace(file, azureLlmColumns, options);
}
