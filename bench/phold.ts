import { RngStreams } from "../src/engine/rng.js";
import { Simulation } from "../src/engine/simulation.js";
import { heapUsedAfterGcMiB } from "./heap.js";
import type { Benchmark, BenchResult } from "./types.js";

/**
 * PHOLD (Fujimoto 1990) through the real engine API: `LOGICAL_PROCESSES` logical processes share
 * `PENDING_EVENTS` events; each event, when it runs, schedules one new event for a random process
 * after an exponential delay, so the number of pending events stays constant.
 */
const LOGICAL_PROCESSES = 1000;
const PENDING_EVENTS = 10_000;
const MEAN_DELAY_S = 1;
const WARMUP_EVENTS = 500_000;
const MEASURE_EVENTS_AT = 1_000_000;
const TIMED_EVENTS = 5_000_000;

/** Build a PHOLD model; returns the simulation and the per-process event counts. */
export function createPhold(seed: number): { sim: Simulation; eventsPerProcess: Float64Array } {
  const sim = new Simulation();
  const stream = new RngStreams(seed).stream("phold");
  const eventsPerProcess = new Float64Array(LOGICAL_PROCESSES);
  // One pre-bound handler for every event: the argument is the destination process.
  const onEvent = (process: number): void => {
    eventsPerProcess[process] = (eventsPerProcess[process] as number) + 1;
    const delayS = -MEAN_DELAY_S * Math.log(1 - stream.next());
    const destination = Math.floor(stream.next() * LOGICAL_PROCESSES);
    sim.schedule(delayS, onEvent, destination);
  };
  for (let i = 0; i < PENDING_EVENTS; i++) {
    sim.schedule(-MEAN_DELAY_S * Math.log(1 - stream.next()), onEvent, i % LOGICAL_PROCESSES);
  }
  return { sim, eventsPerProcess };
}

/** The PHOLD benchmark: warm up, then time several million events in two legs (heap sampled between). */
export const phold: Benchmark = {
  name: "phold",
  run(): BenchResult {
    const { sim } = createPhold(1);
    sim.run({ maxEvents: WARMUP_EVENTS });
    const startEvents = sim.eventsProcessed;
    let timedS = 0;
    let t0 = process.hrtime.bigint();
    sim.run({ maxEvents: MEASURE_EVENTS_AT });
    timedS += Number(process.hrtime.bigint() - t0) / 1e9;
    const heapAt1MMiB = heapUsedAfterGcMiB();
    t0 = process.hrtime.bigint();
    sim.run({ maxEvents: TIMED_EVENTS - MEASURE_EVENTS_AT });
    timedS += Number(process.hrtime.bigint() - t0) / 1e9;
    const heapAtEndMiB = heapUsedAfterGcMiB();
    const events = sim.eventsProcessed - startEvents;
    return {
      name: "phold",
      events,
      wallS: round(timedS, 4),
      eventsPerS: Math.round(events / timedS),
      pendingEvents: sim.pendingEvents,
      heapUsedMiB: round(heapAtEndMiB, 2),
      heapUsedMiBAt1M: round(heapAt1MMiB, 2),
      simulatedS: round(sim.nowS, 3),
    };
  },
};

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
