/**
 * Max–min fair rate allocation by progressive filling (water-filling).
 *
 * All unfrozen flows grow at one common rate ("level"). A link saturates when its residual
 * capacity (capacity minus the rates of flows already frozen on it) divided by its unfrozen flows
 * equals the level; its flows freeze there. A flow may also carry its own rate ceiling (a demand),
 * at which it freezes. The loop repeats until every flow is frozen. The result is the unique
 * max–min fair allocation: no flow can grow without shrinking a flow whose rate is not larger.
 */

/** Relative tolerance when deciding which links saturate at the current level. */
const SATURATION_TOLERANCE = 1e-12;

/** Scratch buffers for `waterFill`, indexed by global link id and flow id; grow them as needed. */
export interface WaterFillScratch {
  /** Residual capacity per link id. */
  residualBytesPerS: Float64Array;
  /** Unfrozen flow count per link id. */
  unfrozenCount: Int32Array;
  /** 1 for links saturated at the current level. */
  saturated: Uint8Array;
  /** 1 for frozen flows, per flow id. */
  frozen: Uint8Array;
}

/** Allocate scratch for `linkCount` links and `flowCount` flow ids. */
export function createWaterFillScratch(linkCount: number, flowCount: number): WaterFillScratch {
  return {
    residualBytesPerS: new Float64Array(linkCount),
    unfrozenCount: new Int32Array(linkCount),
    saturated: new Uint8Array(linkCount),
    frozen: new Uint8Array(flowCount),
  };
}

/**
 * Solve max–min fair rates for one closed set of flows: `links` must contain every link that any
 * of `flows` crosses, and no other active flow may use those links. Writes `ratesBytesPerS[f]`.
 * `paths[f]` lists flow f's link ids; `maxRateBytesPerS[f]` is its ceiling (Infinity for none).
 */
export function waterFill(
  flows: ArrayLike<number>,
  flowCount: number,
  links: ArrayLike<number>,
  linkCount: number,
  paths: ArrayLike<Int32Array | null>,
  maxRateBytesPerS: Float64Array,
  capacityBytesPerS: Float64Array,
  ratesBytesPerS: Float64Array,
  scratch: WaterFillScratch,
): void {
  const { residualBytesPerS: residual, unfrozenCount: count, saturated, frozen } = scratch;
  for (let i = 0; i < linkCount; i++) {
    const l = links[i] as number;
    residual[l] = capacityBytesPerS[l] as number;
    count[l] = 0;
    saturated[l] = 0;
  }
  for (let i = 0; i < flowCount; i++) {
    const f = flows[i] as number;
    frozen[f] = 0;
    const path = paths[f] as Int32Array;
    for (let k = 0; k < path.length; k++) count[path[k] as number]++;
  }
  let remaining = flowCount;
  while (remaining > 0) {
    // The next level: the lowest saturation level of any link, or the lowest flow ceiling.
    let level = Number.POSITIVE_INFINITY;
    for (let i = 0; i < linkCount; i++) {
      const l = links[i] as number;
      const n = count[l] as number;
      if (n > 0) {
        const share = Math.max(0, residual[l] as number) / n;
        if (share < level) level = share;
      }
    }
    let minCap = Number.POSITIVE_INFINITY;
    for (let i = 0; i < flowCount; i++) {
      const f = flows[i] as number;
      if (frozen[f] === 0 && (maxRateBytesPerS[f] as number) < minCap) minCap = maxRateBytesPerS[f] as number;
    }
    const capBound = minCap <= level;
    if (capBound) level = minCap;
    const threshold = level * (1 + SATURATION_TOLERANCE) + Number.MIN_VALUE;
    if (!capBound || level === Number.POSITIVE_INFINITY) {
      for (let i = 0; i < linkCount; i++) {
        const l = links[i] as number;
        const n = count[l] as number;
        saturated[l] = n > 0 && Math.max(0, residual[l] as number) / n <= threshold ? 1 : 0;
      }
    }
    for (let i = 0; i < flowCount; i++) {
      const f = flows[i] as number;
      if (frozen[f] !== 0) continue;
      const path = paths[f] as Int32Array;
      let freeze = level === Number.POSITIVE_INFINITY || (maxRateBytesPerS[f] as number) <= threshold;
      if (!freeze && !capBound) {
        for (let k = 0; k < path.length; k++) {
          if (saturated[path[k] as number] !== 0) {
            freeze = true;
            break;
          }
        }
      }
      if (!freeze) continue;
      const rate = Math.min(level, maxRateBytesPerS[f] as number);
      ratesBytesPerS[f] = rate;
      frozen[f] = 1;
      remaining--;
      for (let k = 0; k < path.length; k++) {
        const l = path[k] as number;
        residual[l] = (residual[l] as number) - rate;
        count[l]--;
      }
    }
    for (let i = 0; i < linkCount; i++) saturated[links[i] as number] = 0;
  }
}

/**
 * Max–min fair rates of a whole set of flows (a convenience over `waterFill`): `paths[i]` lists
 * flow i's link ids, `capacityBytesPerS[l]` each link's capacity, `maxRateBytesPerS[i]` optional ceilings.
 */
export function maxMinFairRates(
  paths: readonly (readonly number[] | Int32Array)[],
  capacityBytesPerS: ArrayLike<number>,
  maxRateBytesPerS?: ArrayLike<number>,
): Float64Array {
  const flowCount = paths.length;
  const linkCount = capacityBytesPerS.length;
  const capacity = Float64Array.from(capacityBytesPerS);
  const ceilings = new Float64Array(flowCount).fill(Number.POSITIVE_INFINITY);
  if (maxRateBytesPerS) for (let i = 0; i < flowCount; i++) ceilings[i] = maxRateBytesPerS[i] as number;
  const typedPaths = paths.map((p) => Int32Array.from(p));
  const flows = Int32Array.from({ length: flowCount }, (_, i) => i);
  const links = Int32Array.from({ length: linkCount }, (_, i) => i);
  const rates = new Float64Array(flowCount);
  const scratch = createWaterFillScratch(linkCount, flowCount);
  waterFill(flows, flowCount, links, linkCount, typedPaths, ceilings, capacity, rates, scratch);
  return rates;
}
