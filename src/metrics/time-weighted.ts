/** The time-average of a piecewise-constant quantity (allocated GPUs, queue length). */
export class TimeWeightedAverage {
  private areaS = 0;
  private lastS: number;
  private value = 0;

  constructor(startS = 0) {
    this.lastS = startS;
  }

  /** The quantity changes to `value` at time `nowS`. */
  set(nowS: number, value: number): void {
    this.areaS += this.value * (nowS - this.lastS);
    this.lastS = nowS;
    this.value = value;
  }

  /** Average from the start to `endS` (0 when the span is empty). */
  average(startS: number, endS: number): number {
    const area = this.areaS + this.value * (endS - this.lastS);
    return endS > startS ? area / (endS - startS) : 0;
  }
}
