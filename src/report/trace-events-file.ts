import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ScenarioError, message } from "../messages.js";
import type { TraceEvent, TraceEventSink, TraceMetadata } from "../metrics/trace-sink.js";

/** Characters buffered before one write: memory stays bounded however many events a run writes. */
const FLUSH_CHARS = 1 << 20;

/**
 * Where to open a trace asked for at `file` while the run directory `outDir` is written in
 * `tempDir` (renamed into place at the end, replacing outDir): a path inside outDir goes to the
 * same place in tempDir, so the trace lands beside the run's files instead of being replaced.
 */
export function traceEventsPath(file: string, outDir: string, tempDir: string): string {
  const rel = relative(resolve(outDir), resolve(file));
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return file;
  const inTemp = join(tempDir, rel);
  mkdirSync(dirname(inTemp), { recursive: true });
  return inTemp;
}

/** Options of a trace file. */
export interface TraceEventsFileOptions {
  /** Most batch-iteration slices to write (default: defaultIterationEventBudget). */
  maxIterationEvents?: number | undefined;
}

/**
 * A Trace Event Format JSON file (`{"traceEvents": [...], "displayTimeUnit": "ms", "otherData": {...}}`)
 * streamed as events arrive. `close` ends the array and writes the metadata; call it from a
 * `finally`, so a run that throws still leaves valid JSON (its otherData says `incomplete`).
 */
export class TraceEventsFile implements TraceEventSink {
  /** Events written so far. */
  events = 0;
  /** Bytes written so far (UTF-8). */
  bytes = 0;
  readonly maxIterationEvents: number | undefined;
  private readonly fd: number;
  private buffer = "";
  private readonly other: Record<string, unknown> = {};
  private closed = false;

  constructor(
    readonly path: string,
    options: TraceEventsFileOptions = {},
  ) {
    try {
      this.fd = openSync(path, "w");
    } catch (error) {
      throw new ScenarioError(message.traceFileUnwritable(path, (error as NodeJS.ErrnoException).code ?? String(error)));
    }
    this.maxIterationEvents = options.maxIterationEvents;
    this.buffer = '{"traceEvents":[\n';
  }

  write(event: TraceEvent): void {
    this.buffer += this.events === 0 ? JSON.stringify(event) : `,\n${JSON.stringify(event)}`;
    this.events++;
    if (this.buffer.length >= FLUSH_CHARS) this.flush();
  }

  metadata(fields: TraceMetadata): void {
    Object.assign(this.other, fields);
  }

  /** End the JSON and close the file; `incomplete` marks a run that stopped early. */
  close(incomplete = false): void {
    if (this.closed) return;
    this.closed = true;
    const other = incomplete ? { ...this.other, incomplete: true } : this.other;
    this.buffer += `\n],\n"displayTimeUnit":"ms",\n"otherData":${JSON.stringify({ ...other, events: this.events })}\n}\n`;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.bytes += writeSync(this.fd, this.buffer);
    this.buffer = "";
  }
}
