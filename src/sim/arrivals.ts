import type { Simulation } from "../engine/simulation.js";
import type { JobSource } from "../workload/job-source.js";
import type { JobRequest } from "../workload/job-generator.js";

/**
 * Drives a set of job sources on the simulation: each arrival event creates one job request and
 * schedules the source's next arrival (until its count is used up or the horizon is passed).
 * Arrivals of one source at the same instant (trace bursts) are delivered in one event, and only
 * the last of them is marked `last`, so the scheduler runs one pass for the whole burst.
 */
export class ArrivalDriver {
  private active = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly horizonS: number,
    private readonly onArrival: (request: JobRequest, last: boolean) => void,
    /** Called once when the last source has no more arrivals. */
    private readonly onExhausted: () => void = () => {},
  ) {}

  /** Sources that will still produce arrivals. */
  get activeSources(): number {
    return this.active;
  }

  /** Start a source: schedule its first arrival. */
  add(source: JobSource): void {
    if (!source.hasMore) return;
    const firstS = source.firstArrivalS();
    if (!(firstS <= this.horizonS)) return;
    this.active++;
    const arrive = (): void => {
      for (;;) {
        const request = source.next();
        const nextS = source.hasMore ? source.nextArrivalS(this.sim.nowS) : Number.NaN;
        const more = nextS <= this.horizonS; // false for NaN: no more arrivals
        if (more && nextS === this.sim.nowS) {
          this.onArrival(request, false);
          continue;
        }
        if (more) this.sim.scheduleAt(nextS, arrive);
        this.onArrival(request, true);
        if (!more && --this.active === 0) this.onExhausted();
        return;
      }
    };
    this.sim.scheduleAt(firstS, arrive);
  }
}
