/** A limited (or unlimited) number of repair crews: repairs beyond the crews wait their turn, first come first served. */
export class RepairCrews {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly crews: number = Number.POSITIVE_INFINITY) {}

  /** Repairs waiting for a crew. */
  get backlog(): number {
    return this.waiting.length;
  }

  /** Start `repair` when a crew is free (now, or when one finishes). */
  request(repair: () => void): void {
    if (this.busy < this.crews) {
      this.busy++;
      repair();
    } else {
      this.waiting.push(repair);
    }
  }

  /** A crew finished its repair: give it the next waiting one. */
  done(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.busy--;
  }
}
