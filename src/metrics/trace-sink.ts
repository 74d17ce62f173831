/**
 * Where a run's timeline goes, in the Trace Event Format that Perfetto and chrome://tracing open
 * (https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU): the simulation
 * writes events as they happen, a sink streams them (a file) or keeps them (tests, library callers).
 */

/** Event phases gpufleet writes: complete slices, instants, counters and metadata (names, sort order). */
export type TracePhase = "X" | "i" | "C" | "M";

/** A value of an event's `args`. */
export type TraceArg = string | number | boolean;

/** One trace event. Times are microseconds of simulated time. */
export interface TraceEvent {
  readonly ph: TracePhase;
  readonly name: string;
  /** Category (job, replica, iteration, failure, ...): Perfetto filters by it. */
  readonly cat?: string;
  /** Start, microseconds of simulated time (0 for metadata). */
  readonly ts: number;
  /** Duration of an "X" slice, microseconds (>= 0). */
  readonly dur?: number;
  /** Process: a node, a service, the cluster. */
  readonly pid: number;
  /** Thread: a GPU lane, a replica, a link (0 for process-level events). */
  readonly tid: number;
  /** Scope of an instant: thread, process or global. */
  readonly s?: "t" | "p" | "g";
  readonly args?: Readonly<Record<string, TraceArg>>;
}

/** A trace's top-level `otherData` object: how it was made and sampled. JSON values only. */
export type TraceMetadata = Readonly<Record<string, unknown>>;

/** Receives a run's trace events as they occur (nothing is kept unless the sink keeps it). */
export interface TraceEventSink {
  /** Append one event. */
  write(event: TraceEvent): void;
  /** Merge fields into the trace's `otherData` (written at the end of the file). */
  metadata(fields: TraceMetadata): void;
  /** Most batch-iteration slices to write; more are sampled away (default: defaultIterationEventBudget). */
  readonly maxIterationEvents?: number | undefined;
}

/**
 * Default budget of batch-iteration slices: about 150 bytes each, so a sampled trace stays near
 * 75 MB, which Perfetto's UI loads in a browser tab (occupancy and failure events are never sampled).
 */
export const defaultIterationEventBudget = 500_000;

/** A sink that keeps every event in memory (tests, small library runs). */
export class TraceEventArray implements TraceEventSink {
  readonly events: TraceEvent[] = [];
  readonly otherData: Record<string, unknown> = {};

  constructor(readonly maxIterationEvents?: number | undefined) {}

  write(event: TraceEvent): void {
    this.events.push(event);
  }

  metadata(fields: TraceMetadata): void {
    Object.assign(this.otherData, fields);
  }
}
