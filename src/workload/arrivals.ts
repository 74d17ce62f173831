import { createSampler, type Sampler } from "../engine/distributions.js";
import type { RandomStream } from "../engine/rng.js";

/** An arrival process as scenarios describe it. */
export type ArrivalProcessSpec =
  | { process: "poisson"; ratePerS: number }
  | { process: "gamma"; ratePerS: number; cv: number }
  | { process: "constant"; ratePerS: number }
  | { process: "diurnal"; ratePerS: number; amplitude: number; peakS: number; periodS: number };

/** Draws the time of the next arrival given the time of the previous one. */
export type NextArrival = (previousS: number) => number;

/**
 * Build an arrival process over a random stream. Diurnal arrivals are a non-homogeneous Poisson
 * process with rate ratePerS * (1 + amplitude * cos(2 pi (t - peakS) / periodS)), drawn by
 * thinning (Lewis & Shedler 1979) against the peak rate.
 */
export function createArrivalProcess(spec: ArrivalProcessSpec, stream: RandomStream): NextArrival {
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
