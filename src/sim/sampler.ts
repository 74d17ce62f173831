import type { Simulation } from "../engine/simulation.js";
import type { Cell } from "../metrics/row-sink.js";
import type { TimeseriesWriter } from "../metrics/timeseries.js";

/** Consecutive samples without activity after which a run without a horizon parks its sampler. */
const QUIET_SAMPLES = 10_000;

/** Priority of timeseries samples: after every other event at the same time, so rows show settled state. */
const SAMPLE_PRIORITY = 1_000;

/**
 * Samples the run's state into timeseries.csv every `intervalS`. A run without a horizon can idle
 * far longer than validation can bound (one job of 1e12 s): after QUIET_SAMPLES samples with no
 * activity the sampler parks, and the next state change (`wake`) restarts it on the sampling grid,
 * so a quiet stretch costs neither ~1e10 events nor held rows in memory.
 */
export class TimeseriesSampler {
  private quietSamples = 0;
  private previousSampleS = Number.NEGATIVE_INFINITY;
  private parked = false;
  private readonly sampleHandler = (): void => this.sample();

  constructor(
    private readonly sim: Simulation,
    private readonly writer: TimeseriesWriter,
    private readonly intervalS: number,
    /** False when the run has a horizon: then it never parks. */
    private readonly parkable: boolean,
    private readonly state: () => Cell[],
    private readonly activityS: () => number,
  ) {}

  /** Schedule the first sample, at t = 0. */
  start(): void {
    this.sim.scheduleAt(0, this.sampleHandler, 0, SAMPLE_PRIORITY);
  }

  /** The state changed: a parked sampler resumes on the grid. */
  wake(): void {
    if (!this.parked) return;
    this.parked = false;
    this.quietSamples = 0;
    this.sim.scheduleAt(Math.ceil(this.sim.nowS / this.intervalS) * this.intervalS, this.sampleHandler, 0, SAMPLE_PRIORITY);
  }

  /** Write the last row, at exactly the simulated end. */
  finish(simulatedS: number): void {
    this.writer.finish(simulatedS, this.state());
  }

  private sample(): void {
    // Rows in a quiet stretch wait for the next activity, so an idle tail past the end is dropped.
    const activityS = this.activityS();
    this.writer.sample(this.sim.nowS, this.state(), activityS);
    // Quiet: nothing happened since the previous sample.
    this.quietSamples = activityS <= this.previousSampleS ? this.quietSamples + 1 : 0;
    this.previousSampleS = this.sim.nowS;
    if (this.parkable && this.quietSamples >= QUIET_SAMPLES) {
      this.parked = true;
      return;
    }
    // Keep sampling while anything else is pending; a lone sampler must not keep the run alive.
    if (this.sim.pendingEvents > 0) this.sim.schedule(this.intervalS, this.sampleHandler, 0, SAMPLE_PRIORITY);
  }
}
