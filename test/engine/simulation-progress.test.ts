import { describe, expect, it } from "vitest";
import { PROGRESS_EVERY_EVENTS, Simulation } from "../../src/engine/simulation.js";

/** A simulation with `count` events, one per simulated second (t = 1, 2, ...), each logging nothing. */
function chain(count: number): Simulation {
  const sim = new Simulation();
  let left = count;
  const tick = (): void => {
    if (--left > 0) sim.schedule(1, tick);
  };
  sim.schedule(1, tick);
  return sim;
}

describe("Simulation.run onProgress", () => {
  it("is called after every 2^16 events with the clock and the events processed", () => {
    const total = 3 * PROGRESS_EVERY_EVENTS + 123;
    const calls: [number, number][] = [];
    const sim = chain(total);
    expect(sim.run({ onProgress: (nowS, events) => calls.push([nowS, events]) })).toBe("empty");
    expect(PROGRESS_EVERY_EVENTS).toBe(2 ** 16);
    expect(calls).toEqual([1, 2, 3].map((k) => [k * PROGRESS_EVERY_EVENTS, k * PROGRESS_EVERY_EVENTS]));
    expect(sim.eventsProcessed).toBe(total);
  });

  it("changes nothing about the run: same stop reason, clock and event count with and without it", () => {
    const total = PROGRESS_EVERY_EVENTS + 10;
    const cases: [{ untilS?: number; maxEvents?: number }, number][] = [
      [{}, 1],
      [{ untilS: 70_000 }, 1],
      [{ untilS: 60_000 }, 0],
      [{ maxEvents: PROGRESS_EVERY_EVENTS + 3 }, 1],
      // maxEvents stops the run before the call that would come at the same count.
      [{ maxEvents: PROGRESS_EVERY_EVENTS }, 0],
    ];
    for (const [options, expectedCalls] of cases) {
      const plain = chain(total);
      const watched = chain(total);
      let calls = 0;
      const a = plain.run(options);
      const b = watched.run({ ...options, onProgress: () => calls++ });
      expect(b).toBe(a);
      expect(watched.nowS).toBe(plain.nowS);
      expect(watched.eventsProcessed).toBe(plain.eventsProcessed);
      expect(calls).toBe(expectedCalls);
    }
  });

  it("counts per run() call and reports the total processed, across resumed runs", () => {
    const sim = chain(2 * PROGRESS_EVERY_EVENTS + 200);
    const events: number[] = [];
    sim.run({ maxEvents: 100 });
    sim.run({ onProgress: (_t, n) => events.push(n) });
    expect(events).toEqual([100 + PROGRESS_EVERY_EVENTS, 100 + 2 * PROGRESS_EVERY_EVENTS]);
  });
});
