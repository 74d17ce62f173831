/**
 * Demand growth over a horizon: a rate multiplier g(t) >= 0 applied to an arrival process, and the
 * clock that runs a process in "operational time" tau = G(t) = integral_0^t g(u) du, so a process
 * of rate r in tau has rate r * g(t) in simulated time t (time rescaling, Cinlar 1975).
 */

/** Seconds in a growth month (30 days). */
export const GROWTH_MONTH_S = 30 * 86_400;

/** One step of a stepped growth: from `atS` on, the base rate is multiplied by `factor`. */
export interface GrowthStep {
  /** Simulated time of the step, seconds. */
  atS: number;
  /** Multiplier of the base rate from atS on (not compounded with earlier steps). */
  factor: number;
}

/** Growth of an arrival rate: compound per 30-day month (perMonth >= 0), or piecewise constant steps (factors > 0). */
export type GrowthSpec = { perMonth: number } | { steps: readonly GrowthStep[] };

/** Cumulative rate multiplier G(t) and its inverse. */
export interface GrowthClock {
  /** The multiplier g(t) at simulated time t. */
  factorAt(tS: number): number;
  /** Operational time G(t) of simulated time t, seconds. */
  operationalS(tS: number): number;
  /** Simulated time t with G(t) = tau. */
  simulatedS(operationalS: number): number;
}

/** The clock of `growth`, measured from simulated time 0. */
export function growthClock(growth: GrowthSpec): GrowthClock {
  return "perMonth" in growth ? compoundClock(growth.perMonth) : stepClock(growth.steps);
}

/** g(t) = (1 + perMonth)^(t / month) = e^(k t): G(t) = (e^(k t) - 1) / k, G^-1(tau) = ln(1 + k tau) / k. */
function compoundClock(perMonth: number): GrowthClock {
  const k = Math.log1p(perMonth) / GROWTH_MONTH_S;
  if (k === 0) return { factorAt: () => 1, operationalS: (t) => t, simulatedS: (tau) => tau };
  return {
    factorAt: (t) => Math.exp(k * Math.max(0, t)),
    operationalS: (t) => (t <= 0 ? t : Math.expm1(k * t) / k),
    simulatedS: (tau) => (tau <= 0 ? tau : Math.log1p(k * tau) / k),
  };
}

/** Piecewise constant g: 1 before the first step, then each step's factor; G is piecewise linear. */
function stepClock(steps: readonly GrowthStep[]): GrowthClock {
  const sorted = [...steps].sort((a, b) => a.atS - b.atS);
  // Breakpoints: segment i starts at startS[i] (simulated) = startTau[i] (operational) with slope factor[i].
  const startS = [0];
  const startTau = [0];
  const factor = [1];
  for (const step of sorted) {
    if (step.atS <= 0) {
      factor[0] = step.factor;
      continue;
    }
    const i = startS.length - 1;
    startTau.push((startTau[i] as number) + (factor[i] as number) * (step.atS - (startS[i] as number)));
    startS.push(step.atS);
    factor.push(step.factor);
  }
  const segmentOf = (values: readonly number[], x: number): number => {
    let i = 0;
    while (i + 1 < values.length && (values[i + 1] as number) <= x) i++;
    return i;
  };
  return {
    factorAt: (t) => factor[segmentOf(startS, t)] as number,
    operationalS: (t) => {
      if (t <= 0) return t;
      const i = segmentOf(startS, t);
      return (startTau[i] as number) + (factor[i] as number) * (t - (startS[i] as number));
    },
    simulatedS: (tau) => {
      if (tau <= 0) return tau;
      const i = segmentOf(startTau, tau);
      return (startS[i] as number) + (tau - (startTau[i] as number)) / (factor[i] as number);
    },
  };
}
