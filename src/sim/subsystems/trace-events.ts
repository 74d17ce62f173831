import type { Component } from "../../failures/components.js";
import { defaultIterationEventBudget, type TraceArg, type TraceEventSink } from "../../metrics/trace-sink.js";
import type { ReplicaIterations } from "../inference/replica-iterations.js";
import type { Job } from "../job.js";
import type { SimulationCore, Subsystem } from "../subsystem.js";
import { IterationSampler } from "../trace/iteration-sampler.js";
import { LaneFamily, type OpenSlice, type Track, TraceProcess, closeSlice, openSlice, traceUs } from "../trace/tracks.js";

/**
 * The run's timeline in the Trace Event Format, when the sinks carry a trace (`--trace-events`):
 *
 * - process "cluster": a "failed GPUs" counter;
 * - one process per inference service, one thread per replica: its batch iterations ("prefill",
 *   "decode" or "mixed" slices with batch size and tokens), sampled to a budget (IterationSampler);
 * - one process per node, one thread per GPU: a slice per job attempt or replica holding it
 *   (args: tenant, workload, gpus, gpuMilli for shares), shares and overlapping failures on sibling
 *   lanes; GPU failures as "failed" slices on the GPU, node/rack/region failures on the node's
 *   "node" track (which also carries CPU-only jobs);
 * - process "links": link failures (degraded links), one thread per link.
 *
 * It only reads signals, so a run with a trace produces the same outputs as one without.
 */
export const traceEventsSubsystem: Subsystem = {
  name: "trace-events",
  // Whether to trace is the caller's choice (the sinks), not the scenario's.
  applies: () => true,
  attach(core) {
    const sink = core.sinks.traceEvents;
    if (sink === undefined) return {};
    const trace = new TraceRecorder(core, sink);
    return { finish: (simulatedS) => trace.finish(simulatedS) };
  },
};

/** Subscribes to the core's signals and writes the events. */
class TraceRecorder {
  private readonly cluster: TraceProcess;
  private readonly gpus: LaneFamily[] = [];
  private readonly nodeProcesses: TraceProcess[] = [];
  private readonly nodeTracks: LaneFamily[] = [];
  private readonly services = new Map<string, TraceProcess>();
  private readonly jobs = new Map<number, OpenSlice>();
  private readonly leases = new Map<number, OpenSlice>();
  private readonly replicaTracks = new Map<number, { track: Track; iterations: number }>();
  private readonly failures = new Map<Component, OpenSlice[]>();
  private readonly linkTracks = new Map<number, LaneFamily>();
  private linksProcess: TraceProcess | undefined;
  private readonly linksPid: number;
  private readonly sampler: IterationSampler;

  constructor(
    private readonly core: SimulationCore,
    private readonly sink: TraceEventSink,
  ) {
    const { cluster, scenario } = core;
    this.sampler = new IterationSampler(sink.maxIterationEvents ?? defaultIterationEventBudget);
    // pids: the cluster, the services, the nodes, then the links; sorted in that order.
    let pid = 1;
    this.cluster = new TraceProcess(sink, pid, `cluster ${scenario.name} (seed ${scenario.seed})`, pid);
    pid++;
    for (const w of scenario.workloads) {
      if (w.kind !== "inference") continue;
      this.services.set(w.name, new TraceProcess(sink, pid, `service ${w.name}`, pid));
      pid++;
    }
    for (const node of cluster.nodes) {
      const process = new TraceProcess(sink, pid, `node ${node.id} (${node.gpuCount}× ${node.gpuType})`, pid);
      pid++;
      this.nodeProcesses.push(process);
      // Thread sort order: the node track, then GPU 0's lanes, GPU 1's, ...
      this.nodeTracks.push(new LaneFamily(process, "node", 0));
      for (let local = 0; local < node.gpuCount; local++) {
        const family = new LaneFamily(process, `GPU ${local}`, (local + 1) * 1000);
        family.declareFirst();
        this.gpus.push(family);
      }
    }
    this.linksPid = pid;
    this.subscribe();
  }

  private subscribe(): void {
    const { sim, scheduler, replicas, services, cluster } = this.core;
    scheduler.started.subscribe((job) => this.jobStarted(job));
    scheduler.interrupted.subscribe(({ job, cause }) => this.jobEnded(job, sim.nowS, cause));
    scheduler.ended.subscribe((job) => this.jobEnded(job, sim.nowS, job.status ?? "ended"));
    replicas.acquired.subscribe(({ lease, request }) => {
      const gpus = lease.gpus.map((g) => this.gpus[g] as LaneFamily);
      const args: Record<string, TraceArg> = { service: request.owner, tenant: request.tenant, gpus: lease.gpus.length };
      if (request.gpuMilli !== 1000) args.gpuMilli = request.gpuMilli;
      this.leases.set(lease.id, openSlice(`${request.owner}/replica-${lease.id}`, "replica", sim.nowS, args, gpus));
      const service = this.services.get(request.owner);
      if (service !== undefined) {
        const where = lease.gpus.map((g) => {
          const node = cluster.nodes[cluster.nodeOfGpu(g)];
          return node === undefined ? String(g) : `${node.id} GPU ${g - node.firstGpu}`;
        });
        this.replicaTracks.set(lease.id, { track: service.thread(`replica-${lease.id} (${where.join(", ")})`, lease.id), iterations: 0 });
      }
    });
    replicas.released.subscribe(({ lease }) => {
      const slice = this.leases.get(lease.id);
      if (slice === undefined) return;
      this.leases.delete(lease.id);
      closeSlice(this.sink, slice, sim.nowS);
    });
    services.iterations?.subscribe((it) => this.iterations(it));
    const failures = services.failures;
    if (failures !== undefined) {
      this.counter(0);
      failures.effects.componentChanged.subscribe(({ component, down }) => (down ? this.failed(component) : this.repaired(component)));
    }
  }

  private jobStarted(job: Job): void {
    const families = job.gpuIndices.length > 0 ? job.gpuIndices.map((g) => this.gpus[g] as LaneFamily) : job.node !== undefined ? [this.nodeTracks[job.node] as LaneFamily] : [];
    if (families.length === 0) return;
    const args: Record<string, TraceArg> = { workload: job.workload, tenant: job.tenant, gpus: job.gpus, attempt: job.restarts + 1 };
    if (job.gpuMilli !== 1000) args.gpuMilli = job.gpuMilli;
    this.jobs.set(job.index, openSlice(job.id, "job", this.core.sim.nowS, args, families));
  }

  private jobEnded(job: Job, atS: number, end: string): void {
    const slice = this.jobs.get(job.index);
    if (slice === undefined) return; // rejected, or already closed by its interruption
    this.jobs.delete(job.index);
    closeSlice(this.sink, slice, atS, { end });
  }

  private iterations(it: ReplicaIterations): void {
    const replica = this.replicaTracks.get(it.leaseId);
    if (replica === undefined) return;
    const { track } = replica;
    const name = it.prefillTokens === 0 ? "decode" : it.decodeTokens === 0 ? "prefill" : "mixed";
    const args = { batch: it.batch, prefillTokens: it.prefillTokens, decodeTokens: it.decodeTokens };
    const endS = it.endS;
    this.sampler.select(
      replica.iterations,
      it.count,
      (j) => endS[j] as number,
      (j) => {
        const ts = traceUs(j === 0 ? it.startS : (endS[j - 1] as number));
        const dur = Math.max(0, Math.round((traceUs(endS[j] as number) - ts) * 1e3) / 1e3);
        this.sink.write({ ph: "X", name, cat: "iteration", ts, dur, pid: track.pid, tid: track.tid, args });
      },
    );
    replica.iterations += it.count;
  }

  /** The lanes a component's failure shows on: its GPUs, its nodes, or its links. */
  private failureFamilies(component: Component): LaneFamily[] {
    if (component.kind === "gpu") return component.gpus.map((g) => this.gpus[g] as LaneFamily);
    if (component.kind === "link") return component.links.map((l) => this.linkFamily(l));
    return component.nodes.map((n) => this.nodeTracks[n] as LaneFamily);
  }

  private linkFamily(link: number): LaneFamily {
    let family = this.linkTracks.get(link);
    if (family === undefined) {
      this.linksProcess ??= new TraceProcess(this.sink, this.linksPid, "links", this.linksPid);
      const name = this.core.services.network?.topology.links.nameOf(link) ?? `link ${link}`;
      family = new LaneFamily(this.linksProcess, name, link * 1000);
      this.linkTracks.set(link, family);
    }
    return family;
  }

  private failed(component: Component): void {
    const slice = openSlice(`${component.kind} ${component.id} failed`, "failure", this.core.sim.nowS, { component: component.kind, id: component.id }, this.failureFamilies(component));
    this.failures.set(component, [...(this.failures.get(component) ?? []), slice]);
    this.counter(this.core.cluster.failedGpus);
  }

  private repaired(component: Component): void {
    // Overlapping failures of one component are repaired first in, first out (as the failure metrics count them).
    const slice = this.failures.get(component)?.shift();
    if (slice !== undefined) closeSlice(this.sink, slice, this.core.sim.nowS, { repaired: true });
    this.counter(this.core.cluster.failedGpus);
  }

  private counter(failedGpus: number): void {
    this.sink.write({ ph: "C", name: "failed GPUs", ts: traceUs(this.core.sim.nowS), pid: this.cluster.pid, tid: 0, args: { gpus: failedGpus } });
  }

  /** Close what is still open at the end of the run and describe the sampling. */
  finish(simulatedS: number): void {
    for (const slice of this.jobs.values()) closeSlice(this.sink, slice, simulatedS, { end: "unfinished" });
    for (const slice of this.leases.values()) closeSlice(this.sink, slice, simulatedS, { end: "unfinished" });
    for (const open of this.failures.values()) for (const slice of open) closeSlice(this.sink, slice, simulatedS, { repaired: false });
    this.jobs.clear();
    this.leases.clear();
    this.failures.clear();
    const s = this.sampler;
    const rule = s.sampled ? `iterations sampled: ${s.kept} of ${s.seen} kept (per replica, iteration i when i mod k = 0; k: ${s.phases.map((p) => `${p.keepEvery} from ${p.fromS} s`).join(", ")})` : `iterations: all ${s.seen} kept`;
    for (const service of this.services.values()) service.label(rule);
    if (this.services.size > 0) this.cluster.label(rule);
    this.sink.metadata({
      generator: "gpufleet",
      scenario: this.core.scenario.name,
      seed: this.core.scenario.seed,
      simulatedS,
      timeUnit: "ts and dur are microseconds of simulated time",
      iterations: {
        seen: s.seen,
        kept: s.kept,
        budget: s.budget,
        sampled: s.sampled,
        rule: "per replica, iteration i (from 0) is kept when i mod k = 0; k starts at 1 and doubles each time the kept count reaches half of the budget left (0: none kept)",
        phases: s.phases,
      },
    });
  }
}
