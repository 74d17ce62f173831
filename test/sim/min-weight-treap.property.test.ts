import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MinWeightTreap } from "../../src/sim/min-weight-treap.js";

interface Item {
  readonly key: number;
  readonly weight: number;
}

const byKey = (a: Item, b: Item) => a.key - b.key;

/** The brute-force answer: scan every item in key order. */
function firstAfterByScan(items: readonly Item[], after: Item | undefined, below: number): Item | undefined {
  return [...items].sort(byKey).find((i) => (after === undefined || i.key > after.key) && i.weight < below);
}

describe("MinWeightTreap", () => {
  it("answers first(), firstAfter() and size like a sorted scan after random inserts and deletes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ insert: fc.boolean(), key: fc.integer({ min: 0, max: 60 }), weight: fc.integer({ min: 0, max: 20 }) }), { maxLength: 120 }),
        fc.array(fc.record({ after: fc.option(fc.integer({ min: 0, max: 60 })), below: fc.integer({ min: -1, max: 22 }) }), { minLength: 1, maxLength: 20 }),
        (operations, queries) => {
          const treap = new MinWeightTreap<Item>(byKey, (i) => i.weight);
          const present = new Map<number, Item>();
          for (const op of operations) {
            const existing = present.get(op.key);
            if (op.insert && existing === undefined) {
              const item = { key: op.key, weight: op.weight };
              treap.insert(item);
              present.set(op.key, item);
            } else if (!op.insert && existing !== undefined) {
              expect(treap.delete(existing)).toBe(true);
              present.delete(op.key);
            } else if (!op.insert) {
              expect(treap.delete({ key: op.key, weight: op.weight })).toBe(false);
            }
            expect(treap.size).toBe(present.size);
          }
          const items = [...present.values()];
          expect(treap.first()).toBe(items.sort(byKey)[0]);
          for (const q of queries) {
            // `after` is an item of the set (how the scan uses it) or, when none has that key, the start.
            const after = q.after === null ? undefined : present.get(q.after);
            expect(treap.firstAfter(after, q.below)).toBe(firstAfterByScan(items, after, q.below));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("stays shallow on keys inserted in order (priorities are hashed, not the insertion order)", () => {
    const treap = new MinWeightTreap<Item>(byKey, (i) => i.weight);
    const n = 100_000;
    const items = Array.from({ length: n }, (_, k) => ({ key: k, weight: n - k }));
    for (const item of items) treap.insert(item);
    // Recursion would overflow the stack on a list-shaped tree; a balanced one answers at once.
    expect(treap.firstAfter(undefined, 2)?.key).toBe(n - 1);
    expect(treap.firstAfter({ key: 10, weight: 0 }, Number.POSITIVE_INFINITY)?.key).toBe(11);
    for (let k = 0; k < n; k += 2) expect(treap.delete(items[k] as Item)).toBe(true);
    expect(treap.size).toBe(n / 2);
    expect(treap.first()?.key).toBe(1);
  });
});
