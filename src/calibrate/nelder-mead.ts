/**
 * Derivative-free minimisation (Nelder–Mead simplex, standard coefficients) for the small,
 * non-smooth least-squares fits of the cost model. Deterministic: same start, same answer.
 */

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Initial simplex step per coordinate. */
  step?: number;
  maxIterations?: number;
  /** Stop when the spread of objective values in the simplex falls below this. */
  tolerance?: number;
}

/** Result of a minimisation. */
export interface Minimum {
  x: number[];
  value: number;
  iterations: number;
}

/** Minimises `f` starting from `start`. */
export function nelderMead(f: (x: number[]) => number, start: readonly number[], options: NelderMeadOptions = {}): Minimum {
  const { step = 0.5, maxIterations = 4000, tolerance = 1e-12 } = options;
  const d = start.length;
  const evaluate = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  let simplex = [start.slice()];
  for (let i = 0; i < d; i++) simplex.push(start.map((v, j) => (j === i ? v + step : v)));
  let values = simplex.map(evaluate);
  const combine = (a: number[], b: number[], t: number) => a.map((v, j) => v + t * ((b[j] ?? 0) - v));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
    simplex = order.map((i) => simplex[i] ?? []);
    values = order.map((i) => values[i] ?? 0);
    const best = values[0] ?? 0;
    const worst = values[d] ?? 0;
    if (Math.abs(worst - best) <= tolerance * (1 + Math.abs(best))) break;
    const centroid = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j] = (centroid[j] ?? 0) + (simplex[i]?.[j] ?? 0) / d;
    const worstPoint = simplex[d] ?? [];
    const reflected = combine(centroid, worstPoint, -1);
    const fr = evaluate(reflected);
    if (fr < best) {
      const expanded = combine(centroid, worstPoint, -2);
      const fe = evaluate(expanded);
      [simplex[d], values[d]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < (values[d - 1] ?? 0)) {
      [simplex[d], values[d]] = [reflected, fr];
    } else {
      const contracted = fr < worst ? combine(centroid, reflected, 0.5) : combine(centroid, worstPoint, 0.5);
      const fc = evaluate(contracted);
      if (fc < Math.min(fr, worst)) {
        [simplex[d], values[d]] = [contracted, fc];
      } else {
        const bestPoint = simplex[0] ?? [];
        for (let i = 1; i <= d; i++) {
          simplex[i] = combine(bestPoint, simplex[i] ?? [], 0.5);
          values[i] = evaluate(simplex[i] ?? []);
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= d; i++) if ((values[i] ?? 0) < (values[bestIndex] ?? 0)) bestIndex = i;
  return { x: simplex[bestIndex] ?? start.slice(), value: values[bestIndex] ?? Number.MAX_VALUE, iterations };
}

/** Nelder–Mead from each start, each result restarted until it stops improving; returns the best. */
export function minimizeWithRestarts(f: (x: number[]) => number, starts: readonly (readonly number[])[], options: NelderMeadOptions = {}): Minimum {
  let best: Minimum | null = null;
  for (const start of starts) {
    let current = nelderMead(f, start, options);
    for (let r = 0; r < 8; r++) {
      const again = nelderMead(f, current.x, { ...options, step: (options.step ?? 0.5) / 2 });
      const improved = again.value < current.value - 1e-14 * (1 + Math.abs(current.value));
      current = again.value <= current.value ? again : current;
      if (!improved) break;
    }
    if (best === null || current.value < best.value) best = current;
  }
  if (best === null) throw new Error("minimizeWithRestarts: no start");
  return best;
}
