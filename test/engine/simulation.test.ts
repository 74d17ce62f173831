import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventHandle } from "../../src/engine/event-queue.js";
import { Simulation } from "../../src/engine/simulation.js";

/** A simulation plus a handler that logs (arg, nowS) of every event it runs. */
function logged(): { sim: Simulation; log: [number, number][]; h: (arg: number) => void } {
  const sim = new Simulation();
  const log: [number, number][] = [];
  const h = (arg: number): void => {
    log.push([arg, sim.nowS]);
  };
  return { sim, log, h };
}

describe("Simulation ordering and clock", () => {
  it("runs events in (time, priority, FIFO) order with the clock at each event's time", () => {
    const { sim, log, h } = logged();
    sim.schedule(2, h, 0);
    sim.schedule(1, h, 1, 5);
    sim.schedule(1, h, 2, -1);
    sim.schedule(1, h, 3, 5);
    sim.scheduleAt(1, h, 4); // priority 0
    sim.schedule(0, h, 5, 100);
    expect(sim.pendingEvents).toBe(6);
    expect(sim.run()).toBe("empty");
    expect(log).toEqual([
      [5, 0],
      [2, 1],
      [4, 1],
      [1, 1],
      [3, 1],
      [0, 2],
    ]);
    expect(sim.nowS).toBe(2);
    expect(sim.eventsProcessed).toBe(6);
    expect(sim.pendingEvents).toBe(0);
  });

  it("schedules relative to the current time inside handlers", () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const tick = (n: number): void => {
      seen.push(sim.nowS);
      if (n > 0) sim.schedule(0.25, tick, n - 1);
    };
    sim.schedule(1, tick, 4);
    sim.run();
    expect(seen).toEqual([1, 1.25, 1.5, 1.75, 2]);
  });

  it("a zero-delay event scheduled by a handler runs after events already queued at that time", () => {
    const { sim, log, h } = logged();
    const spawner = (arg: number): void => {
      h(arg);
      sim.schedule(0, h, 99);
    };
    sim.schedule(1, spawner, 1);
    sim.schedule(1, h, 2);
    sim.schedule(1, h, 3);
    sim.run();
    expect(log.map(([a]) => a)).toEqual([1, 2, 3, 99]);
  });

  it("is deterministic: the same program gives the same trace", () => {
    const program = (): string => {
      const { sim, log, h } = logged();
      let x = 12345;
      const chaos = (arg: number): void => {
        h(arg);
        x = (x * 1103515245 + 12345) % 2 ** 31;
        if (arg < 2000) sim.schedule(x % 7, chaos, arg * 2 + 1, x % 3);
        if (arg < 2000) sim.schedule(x % 5, chaos, arg * 2 + 2, x % 2);
      };
      sim.schedule(0, chaos, 0);
      sim.run();
      return JSON.stringify(log);
    };
    expect(program()).toBe(program());
  });
});

describe("Simulation.run stop conditions", () => {
  it("untilS runs events at exactly untilS, leaves the clock at untilS and later events pending", () => {
    const { sim, log, h } = logged();
    sim.schedule(1, h, 1);
    sim.schedule(5, h, 5);
    sim.schedule(5.000001, h, 6);
    sim.schedule(9, h, 9);
    expect(sim.run({ untilS: 5 })).toBe("until");
    expect(log.map(([a]) => a)).toEqual([1, 5]);
    expect(sim.nowS).toBe(5);
    expect(sim.pendingEvents).toBe(2);
    expect(sim.run({ untilS: 7 })).toBe("until");
    expect(sim.nowS).toBe(7); // no event at 7, the clock still advances to the horizon
    expect(sim.pendingEvents).toBe(1);
    // Scheduling after an "until" stop is relative to the horizon.
    sim.schedule(1, h, 8);
    expect(sim.run()).toBe("empty");
    expect(log).toEqual([
      [1, 1],
      [5, 5],
      [6, 5.000001],
      [8, 8],
      [9, 9],
    ]);
    expect(sim.eventsProcessed).toBe(5);
  });

  it("untilS earlier than now is rejected instead of moving the clock backwards", () => {
    const { sim, h } = logged();
    sim.schedule(10, h, 0);
    sim.schedule(20, h, 1);
    sim.run({ untilS: 15 });
    expect(() => sim.run({ untilS: 5 })).toThrow(RangeError);
    expect(() => sim.run({ untilS: Number.NaN })).toThrow(RangeError);
    expect(sim.nowS).toBe(15);
    expect(sim.run({ untilS: 15 })).toBe("until"); // untilS == now is fine
    expect(sim.pendingEvents).toBe(1);
  });

  it("maxEvents stops after exactly that many events and a later run resumes", () => {
    const { sim, log, h } = logged();
    for (let i = 0; i < 10; i++) sim.schedule(i, h, i);
    expect(sim.run({ maxEvents: 3 })).toBe("max-events");
    expect(sim.eventsProcessed).toBe(3);
    expect(sim.nowS).toBe(2);
    expect(sim.pendingEvents).toBe(7);
    expect(sim.run({ maxEvents: 0 })).toBe("max-events");
    expect(sim.eventsProcessed).toBe(3);
    expect(sim.run({ maxEvents: 100 })).toBe("empty");
    expect(log.map(([a]) => a)).toEqual([...Array(10).keys()]);
    expect(sim.eventsProcessed).toBe(10);
  });

  it("stop() from a handler returns after the current event; run resumes later", () => {
    const { sim, log, h } = logged();
    const stopper = (arg: number): void => {
      h(arg);
      sim.stop();
    };
    sim.schedule(1, h, 1);
    sim.schedule(2, stopper, 2);
    sim.schedule(2, h, 3); // same time, but after the stop
    sim.schedule(3, h, 4);
    expect(sim.run()).toBe("stopped");
    expect(log.map(([a]) => a)).toEqual([1, 2]);
    expect(sim.nowS).toBe(2);
    expect(sim.pendingEvents).toBe(2);
    expect(sim.run()).toBe("empty");
    expect(log.map(([a]) => a)).toEqual([1, 2, 3, 4]);
  });

  it("returns empty immediately on an empty queue and keeps the clock", () => {
    const sim = new Simulation();
    expect(sim.run()).toBe("empty");
    expect(sim.run({ untilS: 0 })).toBe("empty");
    expect(sim.nowS).toBe(0);
  });

  it("an event at +Infinity never runs; a finite horizon still ends at untilS", () => {
    const { sim, log, h } = logged();
    sim.schedule(Number.POSITIVE_INFINITY, h, 1);
    sim.schedule(2, h, 2);
    expect(sim.run({ untilS: 10 })).toBe("until");
    expect(sim.nowS).toBe(10);
    expect(sim.pendingEvents).toBe(1);
    expect(sim.run()).toBe("empty");
    expect(log.map(([a]) => a)).toEqual([2]);
    expect(sim.nowS).toBe(10);
  });
});

describe("Simulation argument validation", () => {
  it("schedule rejects negative and NaN delays", () => {
    const { sim, h } = logged();
    expect(() => sim.schedule(-1, h)).toThrow(RangeError);
    expect(() => sim.schedule(-1e-12, h)).toThrow(RangeError);
    expect(() => sim.schedule(Number.NaN, h)).toThrow(RangeError);
    expect(() => sim.schedule(Number.NEGATIVE_INFINITY, h)).toThrow(RangeError);
    expect(sim.pendingEvents).toBe(0);
    sim.schedule(0, h);
    expect(sim.pendingEvents).toBe(1);
  });

  it("scheduleAt rejects past and NaN times, accepts now", () => {
    const { sim, log, h } = logged();
    sim.schedule(5, h, 0);
    sim.run();
    expect(sim.nowS).toBe(5);
    expect(() => sim.scheduleAt(4.999, h)).toThrow(RangeError);
    expect(() => sim.scheduleAt(Number.NaN, h)).toThrow(RangeError);
    sim.scheduleAt(5, h, 1);
    sim.run();
    expect(log).toEqual([
      [0, 5],
      [1, 5],
    ]);
  });

  it("rejects a NaN priority (it would break the heap order)", () => {
    const { sim, h } = logged();
    expect(() => sim.schedule(1, h, 0, Number.NaN)).toThrow(RangeError);
    expect(() => sim.scheduleAt(1, h, 0, Number.NaN)).toThrow(RangeError);
    expect(sim.pendingEvents).toBe(0);
  });
});

describe("Simulation cancellation", () => {
  it("cancel before run, twice, and after the event ran", () => {
    const { sim, log, h } = logged();
    const a = sim.schedule(1, h, 1);
    const b = sim.schedule(2, h, 2);
    expect(sim.cancel(b)).toBe(true);
    expect(sim.cancel(b)).toBe(false);
    expect(sim.pendingEvents).toBe(1);
    sim.run();
    expect(sim.cancel(a)).toBe(false);
    expect(log.map(([x]) => x)).toEqual([1]);
    expect(sim.eventsProcessed).toBe(1);
  });

  it("a handler cancels a pending timeout; cancelling its own handle is a no-op", () => {
    const { sim, log, h } = logged();
    let timeout: EventHandle = -1;
    let self: EventHandle = -1;
    const outcomes: boolean[] = [];
    const complete = (arg: number): void => {
      h(arg);
      outcomes.push(sim.cancel(timeout), sim.cancel(self));
    };
    timeout = sim.schedule(10, h, 99);
    self = sim.schedule(3, complete, 1);
    sim.run();
    expect(outcomes).toEqual([true, false]);
    expect(log).toEqual([[1, 3]]);
    expect(sim.nowS).toBe(3); // the cancelled timeout does not advance the clock
  });

  it("a stale handle never cancels the event that reused its slot", () => {
    const { sim, log, h } = logged();
    const handles: EventHandle[] = [];
    for (let i = 0; i < 100; i++) handles.push(sim.schedule(i, h, i));
    sim.run();
    for (let i = 0; i < 100; i++) sim.schedule(1, h, 1000 + i); // reuse every slot
    for (const stale of handles) expect(sim.cancel(stale)).toBe(false);
    expect(sim.pendingEvents).toBe(100);
    sim.run();
    expect(log).toHaveLength(200);
  });

  it("many cancellations (compaction) keep the survivors in order", () => {
    const { sim, log, h } = logged();
    const handles: EventHandle[] = [];
    for (let i = 0; i < 30_000; i++) handles.push(sim.schedule(30_000 - i, h, i));
    for (let i = 0; i < 30_000; i++) if (i % 100 !== 0) sim.cancel(handles[i] as EventHandle);
    expect(sim.pendingEvents).toBe(300);
    sim.run();
    const expected = [...Array(300).keys()].map((k) => 29_900 - 100 * k);
    expect(log.map(([a]) => a)).toEqual(expected);
    expect(sim.eventsProcessed).toBe(300);
  });
});

describe("Simulation against a reference model (property)", () => {
  it("random schedule/cancel programs run exactly the uncancelled events in (time, priority, FIFO) order", () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant("schedule" as const), delayS: fc.integer({ min: 0, max: 5 }), priority: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
    );
    // Each event, when it runs, performs its own list of actions (nested scheduling and cancelling).
    fc.assert(
      fc.property(fc.array(fc.array(action, { maxLength: 3 }), { minLength: 1, maxLength: 60 }), (scripts) => {
        const sim = new Simulation(16);
        interface Pending {
          id: number;
          timeS: number;
          priority: number;
          seq: number;
          handle: EventHandle;
        }
        const pending: Pending[] = [];
        const all: Pending[] = [];
        const ran: number[] = [];
        let seq = 0;
        let budget = 200;
        const doActions = (script: readonly (typeof scripts)[number][number][]): void => {
          for (const a of script) {
            if (a.kind === "schedule") {
              if (budget-- <= 0) continue;
              const id = all.length;
              const handle = sim.schedule(a.delayS, onEvent, id, a.priority);
              const p = { id, timeS: sim.nowS + a.delayS, priority: a.priority, seq: seq++, handle };
              all.push(p);
              pending.push(p);
            } else if (all.length > 0) {
              const target = all[a.pick % all.length] as Pending;
              const index = pending.indexOf(target);
              expect(sim.cancel(target.handle)).toBe(index >= 0);
              if (index >= 0) pending.splice(index, 1);
            }
          }
        };
        function onEvent(id: number): void {
          pending.sort((a, b) => a.timeS - b.timeS || a.priority - b.priority || a.seq - b.seq);
          const next = pending.shift();
          expect(next?.id).toBe(id);
          expect(sim.nowS).toBe(next?.timeS);
          ran.push(id);
          doActions(scripts[id % scripts.length] ?? []);
        }
        doActions([{ kind: "schedule", delayS: 0, priority: 0 }, ...(scripts[0] ?? [])]);
        expect(sim.run()).toBe("empty");
        expect(pending).toHaveLength(0);
        expect(sim.eventsProcessed).toBe(ran.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe("Simulation.eventsProcessed", () => {
  it("is up to date inside handlers (for progress reporting)", () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const h = (): void => {
      seen.push(sim.eventsProcessed);
    };
    for (let i = 0; i < 3; i++) sim.schedule(i, h);
    sim.run({ maxEvents: 2 });
    sim.schedule(0, h);
    sim.run();
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(sim.eventsProcessed).toBe(4);
  });
});
