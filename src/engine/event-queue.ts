/**
 * A 4-ary min-heap of events over typed arrays, ordered by (time, priority, sequence).
 *
 * Why typed arrays: the heap is the innermost loop of every simulation. Keeping keys in
 * Float64Array/Int32Array avoids one object per event and keeps comparisons on unboxed numbers.
 * Each event lives in a slot (recycled through a free list); the heap orders slot indices and keeps
 * each entry's time beside its slot, so the common comparison (distinct times) touches only the
 * heap arrays. Priority and sequence, read only on time ties, live in per-slot arrays.
 * A 4-ary heap is half as deep as a binary one and its four children sit next to each other.
 * Cancellation is lazy: a cancelled slot is skipped when it reaches the top.
 */

/** An event's callback: receives the numeric argument it was scheduled with. */
export type EventHandler = (arg: number) => void;

/** Opaque handle for cancelling a scheduled event (slot and generation packed in one number). */
export type EventHandle = number;

const INITIAL_CAPACITY = 1024;
/** Handles pack slot + generation * SLOT_SPACE; a slot's generation grows each time it is reused. */
const SLOT_SPACE = 2 ** 22;
/** Rebuild the heap when cancelled entries outnumber live ones by this much (and exceed MIN). */
const COMPACT_MIN_DEAD = 4096;

/** Min-heap event queue; the smallest (time, priority, sequence) pops first. */
export class EventQueue {
  /** heapTimeS[i] = time of the event at heap position i (the primary key). */
  private heapTimeS: Float64Array;
  /** heapSlot[i] = slot of the event at heap position i. */
  private heapSlot: Int32Array;
  private priority: Float64Array;
  private sequence: Float64Array;
  private arg: Float64Array;
  private generation: Int32Array;
  private handlers: (EventHandler | null)[];
  private freeSlots: Int32Array;
  private freeCount = 0;
  private nextFreshSlot = 0;
  private heapSize = 0;
  private liveCount = 0;
  private nextSequence = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    // Slots at or past SLOT_SPACE would alias other slots' handles.
    const capacity = Math.min(SLOT_SPACE, Math.max(16, Math.floor(initialCapacity) || 0));
    this.heapTimeS = new Float64Array(capacity);
    this.heapSlot = new Int32Array(capacity);
    this.priority = new Float64Array(capacity);
    this.sequence = new Float64Array(capacity);
    this.arg = new Float64Array(capacity);
    this.generation = new Int32Array(capacity);
    this.handlers = nullArray(capacity);
    this.freeSlots = new Int32Array(capacity);
  }

  /** Number of scheduled, not-cancelled events. */
  get size(): number {
    return this.liveCount;
  }

  /** Insert an event; returns a handle that `cancel` accepts. */
  push(timeS: number, priority: number, handler: EventHandler, arg: number): EventHandle {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount] as number;
    } else {
      if (this.nextFreshSlot === this.sequence.length) this.grow();
      slot = this.nextFreshSlot++;
    }
    this.priority[slot] = priority;
    this.sequence[slot] = this.nextSequence++;
    this.arg[slot] = arg;
    this.handlers[slot] = handler;
    this.siftUp(this.heapSize++, timeS, slot);
    this.liveCount++;
    return slot + (this.generation[slot] as number) * SLOT_SPACE;
  }

  /** Cancel a scheduled event. Returns false when it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_SPACE;
    if (!(slot >= 0 && slot < this.nextFreshSlot) || this.handlers[slot] === null) return false;
    if (this.generation[slot] !== Math.floor(handle / SLOT_SPACE)) return false;
    this.handlers[slot] = null;
    this.liveCount--;
    if (this.heapSize - this.liveCount > COMPACT_MIN_DEAD && this.heapSize > 2 * this.liveCount) this.compact();
    return true;
  }

  /** Time of the next live event, or +Infinity when empty. Drops cancelled events at the top. */
  peekTimeS(): number {
    while (this.heapSize > 0 && this.handlers[this.heapSlot[0] as number] === null) this.removeTop();
    return this.heapSize === 0 ? Number.POSITIVE_INFINITY : (this.heapTimeS[0] as number);
  }

  /**
   * Remove the next live event and run it, after `beforeRun(timeS)` (when given) sets the clock.
   * Returns false when the queue is empty.
   */
  popAndRun(beforeRun?: (timeS: number) => void): boolean {
    while (this.heapSize > 0 && this.handlers[this.heapSlot[0] as number] === null) this.removeTop();
    if (this.heapSize === 0) return false;
    const slot = this.heapSlot[0] as number;
    const handler = this.handlers[slot] as EventHandler;
    const timeS = this.heapTimeS[0] as number;
    const arg = this.arg[slot] as number;
    this.removeTop();
    this.liveCount--;
    if (beforeRun !== undefined) beforeRun(timeS);
    handler(arg);
    return true;
  }

  /** Free the top entry's slot and restore the heap. */
  private removeTop(): void {
    const slot = this.heapSlot[0] as number;
    this.handlers[slot] = null;
    this.generation[slot] = ((this.generation[slot] as number) + 1) & 0x7fffffff;
    this.freeSlots[this.freeCount++] = slot;
    const last = --this.heapSize;
    if (last > 0) this.siftDown(0, this.heapTimeS[last] as number, this.heapSlot[last] as number);
  }

  /** Drop every cancelled entry and rebuild the heap (Floyd's bottom-up heapify). */
  private compact(): void {
    const times = this.heapTimeS;
    const slots = this.heapSlot;
    let kept = 0;
    for (let i = 0; i < this.heapSize; i++) {
      const slot = slots[i] as number;
      if (this.handlers[slot] === null) {
        this.generation[slot] = ((this.generation[slot] as number) + 1) & 0x7fffffff;
        this.freeSlots[this.freeCount++] = slot;
      } else {
        times[kept] = times[i] as number;
        slots[kept++] = slot;
      }
    }
    this.heapSize = kept;
    for (let i = (kept - 2) >> 2; i >= 0; i--) this.siftDown(i, times[i] as number, slots[i] as number);
  }

  /** On equal times: true when slot a orders strictly before slot b (priority, then sequence). */
  private tieBefore(a: number, b: number): boolean {
    const pa = this.priority[a] as number;
    const pb = this.priority[b] as number;
    return pa < pb || (pa === pb && (this.sequence[a] as number) < (this.sequence[b] as number));
  }

  private siftUp(index: number, timeS: number, slot: number): void {
    const times = this.heapTimeS;
    const slots = this.heapSlot;
    let i = index;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p] as number;
      if (timeS > pt || (timeS === pt && !this.tieBefore(slot, slots[p] as number))) break;
      times[i] = pt;
      slots[i] = slots[p] as number;
      i = p;
    }
    times[i] = timeS;
    slots[i] = slot;
  }

  private siftDown(index: number, timeS: number, slot: number): void {
    const times = this.heapTimeS;
    const slots = this.heapSlot;
    const size = this.heapSize;
    let i = index;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      let best = first;
      let bestT = times[first] as number;
      const end = Math.min(first + 4, size);
      for (let c = first + 1; c < end; c++) {
        const ct = times[c] as number;
        if (ct < bestT || (ct === bestT && this.tieBefore(slots[c] as number, slots[best] as number))) {
          best = c;
          bestT = ct;
        }
      }
      if (bestT > timeS || (bestT === timeS && !this.tieBefore(slots[best] as number, slot))) break;
      times[i] = bestT;
      slots[i] = slots[best] as number;
      i = best;
    }
    times[i] = timeS;
    slots[i] = slot;
  }

  private grow(): void {
    const old = this.sequence.length;
    if (old >= SLOT_SPACE) throw new RangeError(`event queue exceeds ${SLOT_SPACE} pending events`);
    const capacity = Math.min(old * 2, SLOT_SPACE);
    const growF64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    const growI32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.heapTimeS = growF64(this.heapTimeS);
    this.heapSlot = growI32(this.heapSlot);
    this.priority = growF64(this.priority);
    this.sequence = growF64(this.sequence);
    this.arg = growF64(this.arg);
    this.generation = growI32(this.generation);
    this.freeSlots = growI32(this.freeSlots);
    const handlers = nullArray(capacity);
    for (let i = 0; i < old; i++) handlers[i] = this.handlers[i] ?? null;
    this.handlers = handlers;
  }
}

/** A packed (not holey) array of nulls, so handler loads stay on V8's fast path. */
function nullArray(length: number): (EventHandler | null)[] {
  const a: (EventHandler | null)[] = [];
  for (let i = 0; i < length; i++) a.push(null);
  return a;
}
