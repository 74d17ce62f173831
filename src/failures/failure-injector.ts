import { createSampler, type DistributionSpec, type Sampler } from "../engine/distributions.js";
import type { RngStreams } from "../engine/rng.js";
import type { Simulation } from "../engine/simulation.js";
import type { Component, ComponentCatalog, ComponentClass } from "./components.js";
import { RepairCrews } from "./repair-crews.js";

/** A stochastic failure process (validated scenario data). */
export interface FailureProcessSpec {
  target: ComponentClass;
  timeToFailureS: DistributionSpec;
  repairS: DistributionSpec;
  linkClass: string;
  degradeTo: number;
}

/** A scripted failure. */
export interface ScriptedFailureSpec {
  at: number;
  target: ComponentClass;
  id: string;
  repairS: DistributionSpec;
  degradeTo: number;
}

/** A straggler process. */
export interface StragglerSpec {
  target: "straggler";
  timeToFailureS: DistributionSpec;
  durationS: DistributionSpec;
  slowdown: number;
}

/** What happens when components fail and come back (the simulation applies it to jobs and models). */
export interface FailureEffects {
  /** A component failed (`degradeTo` for links). */
  down(component: Component, degradeTo: number): void;
  /** Its repair finished. */
  up(component: Component, degradeTo: number): void;
  /** A GPU starts (factor > 1) or stops (factor 1) straggling. */
  straggle(gpu: number, factor: number): void;
}

/**
 * Drives failures over time: each component of a process's class fails after a time drawn from
 * the process's distribution, waits for a repair crew, is repaired after a drawn repair time and
 * then runs until its next failure (an alternating renewal process). Every process draws from its
 * own named streams (`failures:<i>:ttf`, `:repair`), so failures never shift other randomness.
 */
export class FailureInjector {
  private readonly crews: RepairCrews;

  constructor(
    private readonly sim: Simulation,
    private readonly rng: RngStreams,
    private readonly catalog: ComponentCatalog,
    private readonly effects: FailureEffects,
    repairCrews?: number,
  ) {
    this.crews = new RepairCrews(repairCrews);
  }

  /** Schedule the first failure of every component of a process. */
  addProcess(index: number, spec: FailureProcessSpec): void {
    const ttf = createSampler(spec.timeToFailureS, this.rng.stream(`failures:${index}:ttf`));
    const repair = createSampler(spec.repairS, this.rng.stream(`failures:${index}:repair`));
    for (const component of this.catalog.all(spec.target, spec.linkClass)) this.scheduleFailure(component, ttf, repair, spec.degradeTo, true);
  }

  /** Schedule a one-off failure (its component was checked with `catalog.find`). */
  addScripted(index: number, spec: ScriptedFailureSpec, component: Component): void {
    const repair = createSampler(spec.repairS, this.rng.stream(`failures:${index}:repair`));
    this.sim.scheduleAt(spec.at, () => this.fail(component, repair, spec.degradeTo, undefined));
  }

  /** Start straggler episodes on every GPU. */
  addStragglers(index: number, spec: StragglerSpec): void {
    const gap = createSampler(spec.timeToFailureS, this.rng.stream(`failures:${index}:straggler`));
    const length = createSampler(spec.durationS, this.rng.stream(`failures:${index}:straggler-length`));
    for (const component of this.catalog.all("gpu")) {
      const gpu = component.gpus[0] as number;
      const episode = (): void => {
        this.effects.straggle(gpu, spec.slowdown);
        this.sim.schedule(Math.max(0, length()), () => {
          this.effects.straggle(gpu, 1);
          this.sim.schedule(Math.max(0, gap()), episode);
        });
      };
      this.sim.schedule(Math.max(0, gap()), episode);
    }
  }

  private scheduleFailure(component: Component, ttf: Sampler, repair: Sampler, degradeTo: number, renew: boolean): void {
    this.sim.schedule(Math.max(0, ttf()), () => this.fail(component, repair, degradeTo, renew ? ttf : undefined));
  }

  private fail(component: Component, repair: Sampler, degradeTo: number, renewWith: Sampler | undefined): void {
    this.effects.down(component, degradeTo);
    this.crews.request(() => {
      this.sim.schedule(Math.max(0, repair()), () => {
        this.effects.up(component, degradeTo);
        this.crews.done();
        if (renewWith !== undefined) this.scheduleFailure(component, renewWith, repair, degradeTo, true);
      });
    });
  }
}
