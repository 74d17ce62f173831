import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EventHandle, EventQueue } from "../../src/engine/event-queue.js";

/** A queue whose handlers append (arg, time at run) to `log`. */
function recordingQueue(initialCapacity?: number): {
  queue: EventQueue;
  log: { arg: number; timeS: number }[];
  handler: (arg: number) => void;
  runAll: () => void;
  popOne: () => boolean;
} {
  const queue = new EventQueue(initialCapacity);
  const log: { arg: number; timeS: number }[] = [];
  let clockS = Number.NaN;
  const setClock = (t: number): void => {
    clockS = t;
  };
  const handler = (arg: number): void => {
    log.push({ arg, timeS: clockS });
  };
  const popOne = (): boolean => queue.popAndRun(setClock);
  const runAll = (): void => {
    while (popOne()) {
      /* keep popping */
    }
  };
  return { queue, log, handler, runAll, popOne };
}

/** Read a private field for white-box checks (compaction really happened). */
function heapSizeOf(queue: EventQueue): number {
  return (queue as unknown as { heapSize: number }).heapSize;
}

describe("EventQueue ordering", () => {
  it("pops in time order and reports each event's time", () => {
    const { queue, log, handler, runAll } = recordingQueue();
    const timesS = [5, 1, 4, 2, 3, 0.5, 10];
    timesS.forEach((t, i) => {
      queue.push(t, 0, handler, i);
    });
    expect(queue.size).toBe(7);
    runAll();
    expect(log.map((e) => e.timeS)).toEqual([0.5, 1, 2, 3, 4, 5, 10]);
    expect(log.map((e) => e.arg)).toEqual([5, 1, 3, 4, 2, 0, 6]);
    expect(queue.size).toBe(0);
    expect(queue.peekTimeS()).toBe(Number.POSITIVE_INFINITY);
  });

  it("breaks time ties by priority (lower first), then FIFO by insertion", () => {
    const { queue, log, handler, runAll } = recordingQueue();
    queue.push(1, 2, handler, 0);
    queue.push(1, 0, handler, 1);
    queue.push(1, 2, handler, 2);
    queue.push(1, -1, handler, 3);
    queue.push(1, 0, handler, 4);
    queue.push(0.5, 9, handler, 5);
    queue.push(1, 0, handler, 6);
    runAll();
    expect(log.map((e) => e.arg)).toEqual([5, 3, 1, 4, 6, 0, 2]);
  });

  it("orders fractional and large priorities numerically", () => {
    const { queue, log, handler, runAll } = recordingQueue();
    queue.push(1, 0.5, handler, 0);
    queue.push(1, 0, handler, 1);
    queue.push(1, 2 ** 31, handler, 2);
    queue.push(1, 1, handler, 3);
    queue.push(1, -0.5, handler, 4);
    runAll();
    expect(log.map((e) => e.arg)).toEqual([4, 1, 0, 3, 2]);
  });

  it("keeps FIFO among thousands of equal keys (sequence survives heap reshuffles)", () => {
    const { queue, log, handler, runAll } = recordingQueue(16);
    for (let i = 0; i < 5000; i++) queue.push(i % 3 === 0 ? 1 : 2, 0, handler, i);
    runAll();
    const expected = [...Array(5000).keys()].sort((a, b) => (a % 3 === 0 ? 0 : 1) - (b % 3 === 0 ? 0 : 1) || a - b);
    expect(log.map((e) => e.arg)).toEqual(expected);
  });

  it("grows past its initial capacity and keeps every event", () => {
    const { queue, log, handler, runAll } = recordingQueue(16);
    const n = 20_000;
    const timesS: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = ((i * 7919) % 10007) / 7; // a permutation-ish spread with ties
      timesS.push(t);
      queue.push(t, 0, handler, i);
    }
    expect(queue.size).toBe(n);
    runAll();
    expect(log).toHaveLength(n);
    expect(log.map((e) => e.timeS)).toEqual([...timesS].sort((a, b) => a - b));
    // Equal times run in insertion order.
    for (let i = 1; i < n; i++) {
      const a = log[i - 1] as { arg: number; timeS: number };
      const b = log[i] as { arg: number; timeS: number };
      if (a.timeS === b.timeS) expect(a.arg).toBeLessThan(b.arg);
    }
  });

  it("accepts pushes from inside a running handler", () => {
    const queue = new EventQueue();
    const order: number[] = [];
    let clockS = 0;
    const child = (arg: number): void => {
      order.push(arg);
    };
    const parent = (arg: number): void => {
      order.push(arg);
      queue.push(clockS, 0, child, arg + 100); // same time: runs after already queued ties
      queue.push(clockS + 1, 0, child, arg + 200);
    };
    queue.push(1, 0, parent, 1);
    queue.push(1, 0, child, 2);
    while (queue.popAndRun((t) => (clockS = t))) {
      /* run */
    }
    expect(order).toEqual([1, 2, 101, 201]);
  });
});

describe("EventQueue cancellation", () => {
  it("cancels before running, and a second cancel returns false", () => {
    const { queue, log, handler, runAll } = recordingQueue();
    queue.push(1, 0, handler, 1);
    const h = queue.push(2, 0, handler, 2);
    queue.push(3, 0, handler, 3);
    expect(queue.cancel(h)).toBe(true);
    expect(queue.size).toBe(2);
    expect(queue.cancel(h)).toBe(false);
    expect(queue.size).toBe(2);
    runAll();
    expect(log.map((e) => e.arg)).toEqual([1, 3]);
  });

  it("cancelling the top event makes peekTimeS skip it", () => {
    const { queue, handler } = recordingQueue();
    const h = queue.push(1, 0, handler, 1);
    queue.push(2, 0, handler, 2);
    expect(queue.peekTimeS()).toBe(1);
    queue.cancel(h);
    expect(queue.peekTimeS()).toBe(2);
  });

  it("returns false for an event that already ran", () => {
    const { queue, handler, popOne } = recordingQueue();
    const h = queue.push(1, 0, handler, 1);
    expect(popOne()).toBe(true);
    expect(queue.cancel(h)).toBe(false);
    expect(popOne()).toBe(false);
  });

  it("a stale handle does not cancel the new event that reused its slot", () => {
    const { queue, log, handler, popOne, runAll } = recordingQueue();
    const stale = queue.push(1, 0, handler, 1);
    popOne(); // slot released
    const fresh = queue.push(2, 0, handler, 2); // reuses the released slot
    expect(fresh).not.toBe(stale);
    expect(fresh % 2 ** 22).toBe(stale % 2 ** 22); // same slot: the test really exercises reuse
    expect(queue.cancel(stale)).toBe(false);
    expect(queue.size).toBe(1);
    runAll();
    expect(log.map((e) => e.arg)).toEqual([1, 2]);
  });

  it("a stale handle of a cancelled event does not cancel the slot's next occupant", () => {
    const { queue, log, handler, runAll } = recordingQueue();
    const stale = queue.push(1, 0, handler, 1);
    queue.cancel(stale);
    expect(queue.peekTimeS()).toBe(Number.POSITIVE_INFINITY); // drops and releases the slot
    const fresh = queue.push(2, 0, handler, 2);
    expect(fresh % 2 ** 22).toBe(stale % 2 ** 22);
    expect(queue.cancel(stale)).toBe(false);
    runAll();
    expect(log.map((e) => e.arg)).toEqual([2]);
  });

  it("rejects garbage handles", () => {
    const { queue, handler } = recordingQueue();
    queue.push(1, 0, handler, 1);
    expect(queue.cancel(12345)).toBe(false);
    expect(queue.cancel(-1)).toBe(false);
    expect(queue.cancel(0.5)).toBe(false);
    expect(queue.cancel(3 * 2 ** 22)).toBe(false); // slot 0, wrong generation
    expect(queue.size).toBe(1);
  });

  it("a handler can cancel a later event and not its own", () => {
    const queue = new EventQueue();
    const ran: number[] = [];
    let selfHandle: EventHandle = -1;
    let victim: EventHandle = -1;
    const results: boolean[] = [];
    const handler = (arg: number): void => {
      ran.push(arg);
      if (arg === 1) {
        results.push(queue.cancel(selfHandle));
        results.push(queue.cancel(victim));
      }
    };
    selfHandle = queue.push(1, 0, handler, 1);
    victim = queue.push(2, 0, handler, 2);
    queue.push(3, 0, handler, 3);
    while (queue.popAndRun(() => {})) {
      /* run */
    }
    expect(results).toEqual([false, true]);
    expect(ran).toEqual([1, 3]);
  });

  it("compacts after many cancellations and keeps order and handles correct", () => {
    const { queue, log, handler, runAll } = recordingQueue(16);
    const n = 20_000;
    const handles: EventHandle[] = [];
    for (let i = 0; i < n; i++) handles.push(queue.push((i * 7) % 1000, i % 3, handler, i));
    const kept = new Set<number>();
    for (let i = 0; i < n; i++) {
      if (i % 10 === 0) kept.add(i);
      else expect(queue.cancel(handles[i] as EventHandle)).toBe(true);
    }
    expect(queue.size).toBe(kept.size);
    // Without compaction the heap would still hold all 20,000 entries.
    expect(heapSizeOf(queue)).toBeLessThan(3 * kept.size);
    // Cancelled handles stay dead; re-cancelling them after compaction released their slots is a no-op.
    for (let i = 1; i < 50; i++) expect(queue.cancel(handles[i] as EventHandle)).toBe(i % 10 === 0);
    kept.delete(0);
    kept.delete(10);
    kept.delete(20);
    kept.delete(30);
    kept.delete(40);
    // New events reuse released slots; stale handles must not touch them.
    const fresh: number[] = [];
    for (let i = 0; i < 3000; i++) {
      queue.push(500.5, 0, handler, n + i);
      fresh.push(n + i);
    }
    for (let i = 0; i < n; i++) queue.cancel(handles[i] as EventHandle); // cancels only the kept ones
    expect(queue.size).toBe(3000);
    runAll();
    expect(log.map((e) => e.arg)).toEqual(fresh);
  });
});

describe("EventQueue matches a sorted-array reference model (property)", () => {
  type Op =
    | { kind: "push"; timeS: number; priority: number }
    | { kind: "cancel"; pick: number }
    | { kind: "pop" }
    | { kind: "peek" };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant("push" as const),
        timeS: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 1e6, noNaN: true })),
        priority: fc.integer({ min: -2, max: 2 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }) },
    { weight: 3, arbitrary: fc.constant({ kind: "pop" as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: "peek" as const }) },
  );

  interface ModelEvent {
    timeS: number;
    priority: number;
    seq: number;
    id: number;
  }

  function check(ops: Op[], initialCapacity: number): void {
    const queue = new EventQueue(initialCapacity);
    let clockS = -1;
    const popped: number[] = [];
    const handler = (id: number): void => {
      popped.push(id);
    };
    const model: ModelEvent[] = [];
    const issued: { handle: EventHandle; id: number }[] = [];
    let seq = 0;
    for (const op of ops) {
      if (op.kind === "push") {
        const id = issued.length;
        const handle = queue.push(op.timeS, op.priority, handler, id);
        issued.push({ handle, id });
        model.push({ timeS: op.timeS, priority: op.priority, seq: seq++, id });
        model.sort((a, b) => a.timeS - b.timeS || a.priority - b.priority || a.seq - b.seq);
      } else if (op.kind === "cancel") {
        if (issued.length === 0) continue;
        const target = issued[op.pick % issued.length] as { handle: EventHandle; id: number };
        const index = model.findIndex((e) => e.id === target.id);
        expect(queue.cancel(target.handle)).toBe(index >= 0);
        if (index >= 0) model.splice(index, 1);
      } else if (op.kind === "pop") {
        const expected = model.shift();
        const before = popped.length;
        expect(queue.popAndRun((t) => (clockS = t))).toBe(expected !== undefined);
        if (expected !== undefined) {
          expect(popped.length).toBe(before + 1);
          expect(popped[before]).toBe(expected.id);
          expect(clockS).toBe(expected.timeS);
        }
      } else {
        expect(queue.peekTimeS()).toBe(model[0]?.timeS ?? Number.POSITIVE_INFINITY);
      }
      expect(queue.size).toBe(model.length);
    }
    // Drain: the remaining order must match too.
    const start = popped.length;
    while (queue.popAndRun(() => {})) {
      /* drain */
    }
    expect(popped.slice(start)).toEqual(model.map((e) => e.id));
  }

  it("random push/cancel/pop/peek interleavings", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), fc.constantFrom(1, 16, 64), (ops, cap) => check(ops, cap)),
      { numRuns: 300 },
    );
  });

  it("long runs with heavy cancellation (compaction and slot reuse)", () => {
    // Bias towards push+cancel so the dead count passes the compaction threshold.
    const heavy: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant("push" as const),
          timeS: fc.integer({ min: 0, max: 50 }),
          priority: fc.integer({ min: 0, max: 1 }),
        }),
      },
      { weight: 5, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.constant({ kind: "pop" as const }) },
    );
    fc.assert(
      fc.property(fc.array(heavy, { minLength: 8000, maxLength: 12000 }), (ops) => check(ops, 16)),
      { numRuns: 5 },
    );
  });
});
