import type { Simulation } from "../engine/simulation.js";
import type { JobSource } from "../workload/job-source.js";
import type { JobRequest } from "../workload/job-generator.js";

/**
 * Drives a set of job sources on the simulation: each arrival event creates one job request and
 * schedules the source's next arrival (until its count is used up or the horizon is passed).
 */
export class ArrivalDriver {
  private active = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly horizonS: number,
    private readonly onArrival: (request: JobRequest) => void,
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
      const request = source.next();
      let more = false;
      if (source.hasMore) {
        const nextS = source.nextArrivalS(this.sim.nowS);
        if (nextS <= this.horizonS) {
          this.sim.scheduleAt(nextS, arrive);
          more = true;
        }
      }
      this.onArrival(request);
      if (!more && --this.active === 0) this.onExhausted();
    };
    this.sim.scheduleAt(firstS, arrive);
  }
}
