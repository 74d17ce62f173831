import { type EventHandle, type EventHandler, EventQueue } from "./event-queue.js";

/** Options for `Simulation.run`. */
export interface RunOptions {
  /**
   * Stop before processing any event later than this time (not before `nowS`); when events remain
   * after it, the clock ends at untilS. Events at +Infinity never run.
   */
  untilS?: number;
  /** Stop after this many events (a safety valve for tests and benchmarks). */
  maxEvents?: number;
  /**
   * Called with the clock and the events processed so far (since construction) after every
   * PROGRESS_EVERY_EVENTS events of this call, e.g. for a progress line. It must not touch the
   * simulation. Absent, the loop does no extra work.
   */
  onProgress?: (nowS: number, eventsProcessed: number) => void;
}

/** Events between two `onProgress` calls (2^16: about 15 calls a second at 1 M events/s). */
export const PROGRESS_EVERY_EVENTS = 65_536;

/** Why `run` returned. */
export type StopReason = "empty" | "until" | "max-events" | "stopped";

/**
 * The simulation environment (SimPy's Environment): a clock and an event queue.
 * Events run in (time, priority, sequence) order; lower priority numbers run first at equal times.
 */
export class Simulation {
  private queue: EventQueue;
  private clockS = 0;
  private processed = 0;
  private stopRequested = false;

  constructor(initialCapacity?: number) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Current simulated time in seconds. */
  get nowS(): number {
    return this.clockS;
  }

  /** Number of events processed so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Number of pending (scheduled, not cancelled) events. */
  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Schedule `handler(arg)` after `delayS` seconds (>= 0; +Infinity means never). */
  schedule(delayS: number, handler: EventHandler, arg = 0, priority = 0): EventHandle {
    if (!(delayS >= 0)) throw new RangeError(`event delay must be >= 0 s, got ${delayS}`);
    if (Number.isNaN(priority)) throw new RangeError("event priority must be a number, got NaN");
    return this.queue.push(this.clockS + delayS, priority, handler, arg);
  }

  /** Schedule `handler(arg)` at absolute time `timeS` (not in the past). */
  scheduleAt(timeS: number, handler: EventHandler, arg = 0, priority = 0): EventHandle {
    if (!(timeS >= this.clockS)) throw new RangeError(`event time ${timeS} s is before now (${this.clockS} s)`);
    if (Number.isNaN(priority)) throw new RangeError("event priority must be a number, got NaN");
    return this.queue.push(timeS, priority, handler, arg);
  }

  /** Cancel a pending event; false when it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** Ask `run` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Process events until the queue empties, `untilS` is reached, `maxEvents` ran, or `stop()`. */
  run(options: RunOptions = {}): StopReason {
    const untilS = options.untilS ?? Number.POSITIVE_INFINITY;
    const maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
    if (!(untilS >= this.clockS)) throw new RangeError(`run untilS ${untilS} s is before now (${this.clockS} s)`);
    const queue = this.queue;
    this.stopRequested = false;
    const onProgress = options.onProgress;
    let count = 0;
    // One comparison per event covers both maxEvents and progress: `checkAt` is the nearer of the two.
    let nextProgress = onProgress === undefined ? Number.POSITIVE_INFINITY : PROGRESS_EVERY_EVENTS;
    let checkAt = Math.min(maxEvents, nextProgress);
    let reason: StopReason = "empty";
    for (;;) {
      if (this.stopRequested) {
        reason = "stopped";
        break;
      }
      if (count >= checkAt) {
        if (count >= maxEvents) {
          reason = "max-events";
          break;
        }
        onProgress?.(this.clockS, this.processed);
        nextProgress += PROGRESS_EVERY_EVENTS;
        checkAt = Math.min(maxEvents, nextProgress);
      }
      const nextS = queue.peekTimeS();
      if (nextS > untilS) {
        // An empty queue reports "empty"; events at +Infinity count as pending past the horizon.
        if (queue.size > 0) reason = "until";
        break;
      }
      // Empty, or (with no horizon) only events at +Infinity left, which never run.
      if (nextS === Number.POSITIVE_INFINITY) break;
      // Set the clock before popping: the top is the event at nextS (peekTimeS dropped cancelled ones).
      this.clockS = nextS;
      this.processed++;
      count++;
      queue.popAndRun();
    }
    // The horizon is part of the simulated span even when nothing happens exactly at its end.
    if (reason === "until") this.clockS = untilS;
    return reason;
  }
}
