import type { TraceArg, TraceEventSink } from "../../metrics/trace-sink.js";

/** Microseconds of simulated time (kept to the nanosecond): the trace's `ts` unit. */
export function traceUs(timeS: number): number {
  return Math.round(timeS * 1e9) / 1e3;
}

/** A track of the trace: one Perfetto thread of one process. */
export interface Track {
  readonly pid: number;
  readonly tid: number;
}

/** A process of the trace (a node, a service, the cluster): names itself and its threads with metadata events. */
export class TraceProcess {
  private nextTid = 1;

  constructor(
    private readonly sink: TraceEventSink,
    readonly pid: number,
    name: string,
    sortIndex: number,
  ) {
    sink.write({ ph: "M", name: "process_name", ts: 0, pid, tid: 0, args: { name } });
    sink.write({ ph: "M", name: "process_sort_index", ts: 0, pid, tid: 0, args: { sort_index: sortIndex } });
  }

  /** Declare a thread (a fresh tid unless given) with its name and sort position. */
  thread(name: string, sortIndex: number, tid = this.nextTid++): Track {
    this.sink.write({ ph: "M", name: "thread_name", ts: 0, pid: this.pid, tid, args: { name } });
    this.sink.write({ ph: "M", name: "thread_sort_index", ts: 0, pid: this.pid, tid, args: { sort_index: sortIndex } });
    return { pid: this.pid, tid };
  }

  /** Label the process (Perfetto shows labels beside its name). */
  label(text: string): void {
    this.sink.write({ ph: "M", name: "process_labels", ts: 0, pid: this.pid, tid: 0, args: { labels: text } });
  }
}

/**
 * The tracks of one resource (a GPU, a node, a link) whose slices may overlap: GPU shares
 * (gpuMilli < 1000) or overlapping failures. Perfetto nests the slices of one thread, so each
 * slice takes the lowest free lane, a sibling thread declared on first use ("GPU 3", "GPU 3 · 2").
 * Whole-GPU work always finds lane 0 free, so its slices stay on the GPU's first track.
 */
export class LaneFamily {
  private readonly busy: boolean[] = [];
  private readonly lanes: Track[] = [];

  constructor(
    private readonly process: TraceProcess,
    private readonly name: string,
    private readonly sortIndex: number,
  ) {}

  /** Declare lane 0 now (idle GPUs show as empty tracks). */
  declareFirst(): void {
    if (this.lanes[0] === undefined) this.lanes[0] = this.process.thread(this.name, this.sortIndex);
  }

  /** Take the lowest free lane. */
  acquire(): Track {
    let lane = this.busy.indexOf(false);
    if (lane < 0) lane = this.busy.length;
    this.busy[lane] = true;
    let track = this.lanes[lane];
    if (track === undefined) {
      track = this.process.thread(lane === 0 ? this.name : `${this.name} · ${lane + 1}`, this.sortIndex + lane);
      this.lanes[lane] = track;
    }
    return track;
  }

  /** Give a lane back. */
  release(track: Track): void {
    const lane = this.lanes.indexOf(track);
    if (lane >= 0) this.busy[lane] = false;
  }
}

/** A slice open on some lanes until it ends: one "X" event per lane then. */
export interface OpenSlice {
  readonly name: string;
  readonly cat: string;
  readonly startS: number;
  readonly args: Record<string, TraceArg>;
  readonly lanes: readonly { family: LaneFamily; track: Track }[];
}

/** Open a slice on one lane of each family. */
export function openSlice(name: string, cat: string, startS: number, args: Record<string, TraceArg>, families: readonly LaneFamily[]): OpenSlice {
  return { name, cat, startS, args, lanes: families.map((family) => ({ family, track: family.acquire() })) };
}

/** End a slice at `endS`: write its events (extra args merged in) and free its lanes. */
export function closeSlice(sink: TraceEventSink, slice: OpenSlice, endS: number, extra?: Record<string, TraceArg>): void {
  const ts = traceUs(slice.startS);
  const dur = Math.max(0, Math.round((traceUs(endS) - ts) * 1e3) / 1e3);
  const args = extra === undefined ? slice.args : { ...slice.args, ...extra };
  for (const { family, track } of slice.lanes) {
    sink.write({ ph: "X", name: slice.name, cat: slice.cat, ts, dur, pid: track.pid, tid: track.tid, args });
    family.release(track);
  }
}
