/**
 * Collectives (all-reduce ring/tree, all-gather, reduce-scatter, all-to-all, broadcast) run as
 * flows on the network model, step by step (plans in collective-plans.ts): each step waits α,
 * starts its transfers, and ends when its slowest transfer has arrived.
 *
 * Efficiency: NCCL does not drive links at line rate. Each flow is capped at eff × the rate it
 * would get if only its own step ran (its isolated max–min rate), so alone the collective takes
 * exactly the closed-form time with B·eff, while under contention links are still shared at
 * their full capacity.
 */
import type { EventHandle, EventHandler } from "../../engine/event-queue.js";
import type { CollectiveFormulaInput, CollectiveKind } from "./collective-formulas.js";
import { type CollectivePlan, type CollectiveStep, collectivePlan } from "./collective-plans.js";
import { maxMinFairRates } from "./max-min.js";
import type { CollectiveCost, Network } from "./network.js";
import { nodeOf, pathLatencyS } from "./routing.js";

/** A collective to run. */
export interface CollectiveSpec {
  /** Algorithm. */
  kind: CollectiveKind;
  /** Participating GPUs (global indices) in rank order: ring order, tree ranks, broadcast root first. */
  gpus: readonly number[];
  /** Message size S in bytes (per kind as in collective-formulas.ts; the gradient size for all-reduce). */
  bytes: number;
  /** Called with `doneArg` when the collective has completed. */
  onDone?: EventHandler;
  /** Argument for `onDone` (default 0). */
  doneArg?: number;
  /** Broadcast pipeline chunks (default 8). */
  chunks?: number;
  /**
   * Parallel rings (NCCL channels) for ring kinds, default 1. With r rings, ring k visits each
   * node's GPUs (grouped in list order) rotated by k+1, so each ring leaves a node through a
   * different GPU and NIC: r = NICs per node gives NCCL's multi-node bandwidth.
   */
  rings?: number;
  /** Override the α / efficiency taken from the nodes' presets. */
  cost?: Partial<CollectiveCost>;
}

interface PatternRoutes {
  paths: Int32Array[];
  capsBytesPerS: Float64Array;
  latencyS: Float64Array;
}

/** Routes, isolated rates and latencies of one step pattern (shared by `CollectiveRun` and predictions). */
function patternRoutes(network: Network, gpus: readonly number[], step: CollectiveStep, efficiency: number): PatternRoutes {
  const paths = Array.from(step.src, (s, k) => network.route(gpus[s] as number, gpus[step.dst[k] as number] as number));
  const local = new Map<number, number>();
  const capacity: number[] = [];
  const localPaths = paths.map((p) =>
    Array.from(p, (l) => {
      let i = local.get(l);
      if (i === undefined) {
        i = capacity.length;
        local.set(l, i);
        capacity.push(network.topology.links.nominalCapacityBytesPerS[l] as number); // healthy caps; failures act through sharing
      }
      return i;
    }),
  );
  const isolated = maxMinFairRates(localPaths, capacity);
  const caps = isolated.map((r) => r * efficiency);
  return { paths, capsBytesPerS: caps, latencyS: Float64Array.from(paths, (p) => pathLatencyS(network.topology, p)) };
}

/** The plan of a spec over the network, with node-rotated ring orders when `rings` > 1. */
function planFor(network: Network, spec: CollectiveSpec): CollectivePlan {
  const rings = spec.rings ?? 1;
  if (!(Number.isInteger(rings) && rings >= 1)) throw new RangeError(`rings must be an integer >= 1, got ${rings}`);
  let orders: Int32Array[] | undefined;
  if (rings > 1) {
    const groups = new Map<number, number[]>();
    spec.gpus.forEach((g, rank) => {
      const node = nodeOf(network.topology, g).index;
      const group = groups.get(node) ?? [];
      group.push(rank);
      groups.set(node, group);
    });
    orders = Array.from({ length: rings }, (_, k) =>
      Int32Array.from([...groups.values()].flatMap((group) => group.map((_, j) => group[(k + 1 + j) % group.length] as number))),
    );
  }
  return collectivePlan(spec.kind, spec.gpus.length, spec.bytes, spec.chunks, orders);
}

/** A running collective. */
export class CollectiveRun {
  /** Simulated time the collective started. */
  readonly startS: number;
  /** Simulated time it completed (NaN while running). */
  endS = Number.NaN;
  /** α and efficiency in use. */
  readonly cost: CollectiveCost;
  private readonly plan: CollectivePlan;
  private readonly patterns = new Map<number, PatternRoutes>();
  private stepIndex = 0;
  private outstanding = 0;
  private flowIds: number[] = [];
  private pending: EventHandle = -1;
  private cancelled = false;
  private readonly runStep = (): void => {
    this.pending = -1;
    this.startStep();
  };
  private readonly flowDone = (k: number): void => {
    if (this.cancelled) return;
    this.flowIds[k] = -1;
    if (--this.outstanding === 0) this.stepDone();
  };

  constructor(
    private readonly network: Network,
    private readonly spec: CollectiveSpec,
  ) {
    this.startS = network.sim.nowS;
    const base = network.collectiveCost(spec.gpus, spec.bytes);
    this.cost = { alphaS: spec.cost?.alphaS ?? base.alphaS, efficiency: spec.cost?.efficiency ?? base.efficiency };
    this.plan = planFor(network, spec);
    if (this.plan.steps === 0) this.pending = network.sim.schedule(0, () => this.finish());
    else this.pending = network.sim.schedule(this.cost.alphaS, this.runStep);
  }

  /** True once completed. */
  get done(): boolean {
    return !Number.isNaN(this.endS);
  }

  /** Completion time minus start time (NaN while running). */
  get durationS(): number {
    return this.endS - this.startS;
  }

  /** Stop the collective: cancel its flows and pending step; `onDone` never runs. */
  cancel(): void {
    if (this.done || this.cancelled) return;
    this.cancelled = true;
    if (this.pending >= 0) this.network.sim.cancel(this.pending);
    for (const id of this.flowIds) if (id >= 0) this.network.flows.cancelFlow(id);
    this.flowIds = [];
  }

  private startStep(): void {
    const step = this.plan.step(this.stepIndex);
    const routes = this.routesFor(step);
    const n = step.src.length;
    this.outstanding = n;
    this.flowIds = new Array<number>(n).fill(-1);
    if (n === 0) {
      this.stepDone();
      return;
    }
    for (let k = 0; k < n; k++) {
      this.flowIds[k] = this.network.flows.startFlowOnPath(routes.paths[k] as Int32Array, step.bytes, {
        maxRateBytesPerS: routes.capsBytesPerS[k] as number,
        onDone: this.flowDone,
        doneArg: k,
      });
    }
  }

  private stepDone(): void {
    this.stepIndex++;
    if (this.stepIndex >= this.plan.steps) this.finish();
    else this.pending = this.network.sim.schedule(this.cost.alphaS, this.runStep);
  }

  private finish(): void {
    this.pending = -1;
    this.endS = this.network.sim.nowS;
    if (this.spec.onDone) this.spec.onDone(this.spec.doneArg ?? 0);
  }

  private routesFor(step: CollectiveStep): PatternRoutes {
    let r = this.patterns.get(step.pattern);
    if (!r) {
      r = patternRoutes(this.network, this.spec.gpus, step, this.cost.efficiency);
      this.patterns.set(step.pattern, r);
    }
    return r;
  }
}

/** Start a collective on the network; it runs as the simulation advances. */
export function startCollective(network: Network, spec: CollectiveSpec): CollectiveRun {
  return new CollectiveRun(network, spec);
}

/**
 * Inputs for the closed forms derived from the topology: B = the lowest per-GPU injection rate
 * (sum of a sender's isolated flow rates in a step) over all steps, α = the nodes' α plus the
 * largest path latency, efficiency from the presets. Exact for uniform sets with one ring (one
 * node, or one GPU per node on identical paths); for mixed sets the closed form is only indicative: use
 * `predictCollectiveTimeS`.
 */
export function collectiveFormulaInput(network: Network, spec: CollectiveSpec): CollectiveFormulaInput {
  const base = network.collectiveCost(spec.gpus, spec.bytes);
  const efficiency = spec.cost?.efficiency ?? base.efficiency;
  const plan = planFor(network, spec);
  let bytesPerS = Number.POSITIVE_INFINITY;
  let latencyS = 0;
  const seen = new Set<number>();
  for (let i = 0; i < plan.steps; i++) {
    const step = plan.step(i);
    if (seen.has(step.pattern)) continue;
    seen.add(step.pattern);
    const r = patternRoutes(network, spec.gpus, step, 1);
    const injection = new Map<number, number>();
    for (let k = 0; k < step.src.length; k++) {
      const s = step.src[k] as number;
      injection.set(s, (injection.get(s) ?? 0) + (r.capsBytesPerS[k] as number));
    }
    for (const rate of injection.values()) bytesPerS = Math.min(bytesPerS, rate);
    for (const l of r.latencyS) latencyS = Math.max(latencyS, l);
  }
  const alphaS = (spec.cost?.alphaS ?? base.alphaS) + latencyS;
  return { n: spec.gpus.length, bytes: spec.bytes, alphaS, bytesPerS, efficiency, chunks: spec.chunks };
}

/**
 * Exact uncontended time of the simulated algorithm on this topology: the sum over steps of
 * α + the slowest transfer (bytes / (eff × isolated rate) + path latency). Equals the closed form
 * for uniform sets and stays exact for mixed ones (e.g. a tree spanning NVLink and NICs).
 */
export function predictCollectiveTimeS(network: Network, spec: CollectiveSpec): number {
  const base = network.collectiveCost(spec.gpus, spec.bytes);
  const alphaS = spec.cost?.alphaS ?? base.alphaS;
  const efficiency = spec.cost?.efficiency ?? base.efficiency;
  const plan = planFor(network, spec);
  const stepTimes = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < plan.steps; i++) {
    const step = plan.step(i);
    let t = stepTimes.get(step.pattern);
    if (t === undefined) {
      const r = patternRoutes(network, spec.gpus, step, efficiency);
      t = 0;
      for (let k = 0; k < r.paths.length; k++) t = Math.max(t, step.bytes / (r.capsBytesPerS[k] as number) + (r.latencyS[k] as number));
      stepTimes.set(step.pattern, t);
    }
    total += alphaS + t;
  }
  return total;
}
