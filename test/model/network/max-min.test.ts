import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxMinFairRates } from "../../../src/model/network/max-min.js";

const EPS = 1e-9;

/** Checks the max–min optimality condition: each flow is at its ceiling or has a saturated link where its rate is the largest. */
function checkMaxMinOptimal(
  paths: readonly (readonly number[])[],
  capacity: readonly number[],
  rates: ArrayLike<number>,
  ceilings?: readonly number[],
): void {
  const load = capacity.map(() => 0);
  paths.forEach((p, f) => {
    for (const l of p) load[l] = (load[l] as number) + (rates[f] as number);
  });
  load.forEach((x, l) => {
    expect(x).toBeLessThanOrEqual((capacity[l] as number) * (1 + EPS) + EPS);
  });
  paths.forEach((p, f) => {
    const r = rates[f] as number;
    expect(r).toBeGreaterThanOrEqual(0);
    const ceiling = ceilings?.[f] ?? Number.POSITIVE_INFINITY;
    expect(r).toBeLessThanOrEqual(ceiling * (1 + EPS));
    if (r >= ceiling * (1 - EPS)) return;
    const bottleneck = p.some((l) => {
      const saturated = (load[l] as number) >= (capacity[l] as number) * (1 - EPS) - EPS;
      const largest = paths.every((q, g) => !q.includes(l) || (rates[g] as number) <= r * (1 + EPS) + EPS);
      return saturated && largest;
    });
    expect(bottleneck, `flow ${f} (rate ${r}) has no bottleneck link`).toBe(true);
  });
}

describe("max–min fair rates", () => {
  it("two flows on one link get half each", () => {
    expect(Array.from(maxMinFairRates([[0], [0]], [10]))).toEqual([5, 5]);
  });

  it("a flow bottlenecked elsewhere leaves its unused share to the others", () => {
    // Link 0 (capacity 10) carries flows A and B; B also crosses link 1 (capacity 2).
    expect(Array.from(maxMinFairRates([[0], [0, 1]], [10, 2]))).toEqual([8, 2]);
  });

  it("the classic parking-lot line: the long flow gets the fair share on every hop", () => {
    // Links 0,1,2 of capacity 1; flow 0 crosses all three, flows 1..3 one each.
    const rates = maxMinFairRates([[0, 1, 2], [0], [1], [2]], [1, 1, 1]);
    expect(Array.from(rates)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it("ceilings free capacity for the others", () => {
    expect(Array.from(maxMinFairRates([[0], [0], [0]], [9], [1, Infinity, Infinity]))).toEqual([1, 4, 4]);
  });

  it("flows on no finite link run at their ceiling (or unbounded)", () => {
    expect(Array.from(maxMinFairRates([[], [0]], [Infinity], [3, Infinity]))).toEqual([3, Infinity]);
  });

  it("property: feasible and max–min optimal on random networks", () => {
    const arb = fc
      .integer({ min: 1, max: 8 })
      .chain((links) =>
        fc.record({
          capacity: fc.array(fc.double({ min: 0.5, max: 100, noNaN: true }), { minLength: links, maxLength: links }),
          flows: fc.array(
            fc.record({
              path: fc.uniqueArray(fc.integer({ min: 0, max: links - 1 }), { minLength: 1, maxLength: links }),
              ceiling: fc.option(fc.double({ min: 0.1, max: 50, noNaN: true }), { nil: undefined }),
            }),
            { minLength: 1, maxLength: 12 },
          ),
        }),
      );
    fc.assert(
      fc.property(arb, ({ capacity, flows }) => {
        const paths = flows.map((f) => f.path);
        const ceilings = flows.map((f) => f.ceiling ?? Number.POSITIVE_INFINITY);
        const rates = maxMinFairRates(paths, capacity, ceilings);
        checkMaxMinOptimal(paths, capacity, rates, ceilings);
      }),
      { numRuns: 300 },
    );
  });
});
