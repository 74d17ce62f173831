import { createSampler, type Sampler } from "../engine/distributions.js";
import type { RandomStream } from "../engine/rng.js";
import { type GrowthClock, type GrowthSpec, growthClock } from "./arrival-growth.js";

/** An arrival process as scenarios describe it; `growth` multiplies its rate over simulated time. */
export type ArrivalProcessSpec = (
  | { process: "poisson"; ratePerS: number }
  | { process: "gamma"; ratePerS: number; cv: number }
  | { process: "constant"; ratePerS: number }
  | { process: "diurnal"; ratePerS: number; amplitude: number; peakS: number; periodS: number }
) & { growth?: GrowthSpec | undefined };

/** Draws the time of the next arrival given the time of the previous one. */
export type NextArrival = (previousS: number) => number;

/**
 * Build an arrival process over a random stream. Diurnal arrivals are a non-homogeneous Poisson
 * process with rate ratePerS * (1 + amplitude * cos(2 pi (t - peakS) / periodS)), drawn by
 * thinning (Lewis & Shedler 1979) against the peak rate. With `growth`, the rate is also
 * multiplied by g(t) (see grownArrivalProcess); without it the draws are exactly as before.
 */
export function createArrivalProcess(spec: ArrivalProcessSpec, stream: RandomStream): NextArrival {
  if (spec.growth !== undefined) return grownArrivalProcess(spec, growthClock(spec.growth), stream);
  const meanGapS = 1 / spec.ratePerS;
  switch (spec.process) {
    case "poisson": {
      const gap = createSampler({ dist: "exponential", mean: meanGapS }, stream);
      return (previousS) => previousS + gap();
    }
    case "gamma": {
      const gap: Sampler = createSampler({ dist: "gamma", mean: meanGapS, cv: spec.cv }, stream);
      return (previousS) => previousS + gap();
    }
    case "constant":
      return (previousS) => previousS + meanGapS;
    case "diurnal": {
      const { ratePerS, amplitude, peakS, periodS } = spec;
      const peakRatePerS = ratePerS * (1 + amplitude);
      const gap = createSampler({ dist: "exponential", mean: 1 / peakRatePerS }, stream);
      return (previousS) => {
        let t = previousS;
        for (;;) {
          t += gap();
          const rate = ratePerS * (1 + amplitude * Math.cos((2 * Math.PI * (t - peakS)) / periodS));
          if (stream.next() * peakRatePerS <= rate) return t;
        }
      };
    }
  }
}

/**
 * The process with rate multiplied by g(t), by time rescaling: the base process runs in
 * operational time tau = G(t) and each arrival maps back through G^-1, so a renewal process keeps
 * its gap shape per unit of demand. Diurnal thins candidates drawn at the peak rate in operational
 * time (a majorant r (1 + amplitude) g(t) in simulated time) by the daily shape at simulated time,
 * so the day keeps its length while demand grows.
 */
function grownArrivalProcess(spec: ArrivalProcessSpec, clock: GrowthClock, stream: RandomStream): NextArrival {
  let baseNext: NextArrival;
  let accept: (tS: number) => boolean = () => true;
  if (spec.process === "diurnal") {
    const { ratePerS, amplitude, peakS, periodS } = spec;
    const peakRatePerS = ratePerS * (1 + amplitude);
    const gap = createSampler({ dist: "exponential", mean: 1 / peakRatePerS }, stream);
    baseNext = (previousTau) => previousTau + gap();
    accept = (t) => stream.next() * peakRatePerS <= ratePerS * (1 + amplitude * Math.cos((2 * Math.PI * (t - peakS)) / periodS));
  } else {
    baseNext = createArrivalProcess({ ...spec, growth: undefined }, stream);
  }
  // Callers pass back the time this returned last: keep its operational time to avoid round trips.
  let lastS = Number.NaN;
  let lastTau = Number.NaN;
  return (previousS) => {
    let tau = previousS === lastS ? lastTau : clock.operationalS(previousS);
    for (;;) {
      tau = baseNext(tau);
      const t = clock.simulatedS(tau);
      if (accept(t)) {
        lastS = t;
        lastTau = tau;
        return t;
      }
    }
  };
}
