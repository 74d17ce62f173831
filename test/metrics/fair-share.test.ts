import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FairShareInput, fairShares, jainIndex } from "../../src/metrics/fair-share.js";

const t = (demandGpus: number, entitlement = 1, capGpus = Number.POSITIVE_INFINITY): FairShareInput => ({ demandGpus, entitlement, capGpus });

describe("fair shares (weighted max–min, capped by demand)", () => {
  it("backlogged tenants with equal entitlements split the fleet equally", () => {
    expect(fairShares(64, [t(1000), t(1000)])).toEqual([32, 32]);
  });

  it("a tenant wanting less than its share gets its demand; the rest goes to the others", () => {
    const shares = fairShares(64, [t(8), t(1000), t(1000)]);
    expect(shares[0]).toBeCloseTo(8, 12);
    expect(shares[1]).toBeCloseTo(28, 12);
    expect(shares[2]).toBeCloseTo(28, 12);
  });

  it("entitlements (quotas) weigh the split; a non-borrowing tenant stops at its quota", () => {
    const byQuota = fairShares(100, [t(1000, 60), t(1000, 20)]);
    expect(byQuota[0]).toBeCloseTo(75, 12);
    expect(byQuota[1]).toBeCloseTo(25, 12);
    const capped = fairShares(100, [t(1000, 60, 60), t(1000, 20)]);
    expect(capped[0]).toBeCloseTo(60, 12);
    expect(capped[1]).toBeCloseTo(40, 12);
  });

  it("with demand below the fleet everyone gets its demand; no demand, no share", () => {
    expect(fairShares(64, [t(10), t(0), t(20)])).toEqual([10, 0, 20]);
  });

  it("property: feasible, capped, work-conserving and max–min fair per unit of entitlement", () => {
    const tenant = fc.record({ demandGpus: fc.double({ min: 0, max: 500, noNaN: true }), entitlement: fc.double({ min: 0.1, max: 100, noNaN: true }), capGpus: fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.double({ min: 0, max: 500, noNaN: true })) });
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1000, noNaN: true }), fc.array(tenant, { minLength: 1, maxLength: 8 }), (capacity, tenants) => {
        const shares = fairShares(capacity, tenants);
        const limits = tenants.map((x) => Math.min(x.demandGpus, x.capGpus));
        const total = shares.reduce((a, b) => a + b, 0);
        const eps = 1e-9 * (capacity + 1);
        expect(total).toBeLessThanOrEqual(capacity + eps);
        expect(total).toBeCloseTo(Math.min(capacity, limits.reduce((a, b) => a + b, 0)), 6);
        shares.forEach((s, i) => {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual((limits[i] as number) + eps);
        });
        // A tenant left below its limit has the highest share per unit of entitlement.
        const perUnit = shares.map((s, i) => s / (tenants[i] as FairShareInput).entitlement);
        const top = Math.max(...perUnit);
        shares.forEach((s, i) => {
          if (s < (limits[i] as number) - eps) expect(perUnit[i]).toBeGreaterThanOrEqual(top * (1 - 1e-9) - 1e-12);
        });
      }),
    );
  });
});

describe("Jain's index", () => {
  it("is 1 for equal values, 1/n when one value holds everything, null for none", () => {
    expect(jainIndex([0.7, 0.7, 0.7])).toBeCloseTo(1, 12);
    expect(jainIndex([1, 0, 0, 0])).toBeCloseTo(0.25, 12);
    expect(jainIndex([1, 3])).toBeCloseTo(16 / 20, 12);
    expect(jainIndex([])).toBeNull();
    expect(jainIndex([0, 0])).toBeNull();
  });
});
