/**
 * Checks that a scenario which passes the schema can actually run, in bounded time and memory:
 * cluster sizes within limits (computed before anything is expanded), unique rack names, scripted
 * failures naming components that exist, jobs no larger than the fleet, event-generating
 * distributions that are not degenerate (every failure gap 0), arrivals and samples within limits.
 */
import { nodePreset } from "../model/node-presets.js";
import { Cluster } from "../model/cluster.js";
import { ComponentCatalog } from "../failures/components.js";
import { ScenarioError, message } from "../messages.js";
import type { ClusterSpec, NodeGroup } from "./cluster-schema.js";
import { distributionMean } from "./distribution-mean.js";
import { checkServicesFit } from "./inference-feasibility.js";
import { limits } from "./limits.js";
import { resolveCluster } from "./resolve-cluster.js";
import { growthClock } from "../workload/arrival-growth.js";
import type { Scenario } from "./schema.js";

/** Shortest mean time between failures of one component, seconds: below it a failure process is degenerate. */
export const MIN_MEAN_TIME_TO_FAILURE_S = 1e-3;

function gpusPerNode(g: NodeGroup): number {
  if (g.gpusPerNode !== undefined) return g.gpusPerNode;
  return (g.preset === undefined ? undefined : nodePreset(g.preset)?.gpusPerNode) ?? 8;
}

/** Totals of a cluster block by arithmetic (no expansion), and the first size limit it breaks. */
function checkClusterSize(file: string, cluster: ClusterSpec): void {
  let nodes = 0;
  let gpus = 0;
  let racks = 0;
  const add = (groups: readonly NodeGroup[], times: number, path: (string | number)[]) => {
    groups.forEach((g, i) => {
      nodes += g.count * times;
      gpus += g.count * times * gpusPerNode(g);
      if (nodes > limits.nodes) throw new ScenarioError(message.overLimit(file, [...path, i, "count"], "nodes", nodes, limits.nodes));
      if (gpus > limits.gpus) throw new ScenarioError(message.overLimit(file, [...path, i, "gpusPerNode"], "GPUs", gpus, limits.gpus));
    });
  };
  if (cluster.nodes !== undefined) add(cluster.nodes, 1, ["cluster", "nodes"]);
  cluster.topology?.regions.forEach((region, r) => {
    region.racks.forEach((rack, k) => {
      const path = ["cluster", "topology", "regions", r, "racks", k];
      racks += rack.count ?? 1;
      if (racks > limits.racks) throw new ScenarioError(message.overLimit(file, [...path, "count"], "racks", racks, limits.racks));
      add(rack.nodes, rack.count ?? 1, [...path, "nodes"]);
    });
  });
}

/** Rack names after counts (`name0`, `name1`, ...) must be unique: nodes and failures are named by them. */
function checkRackNames(file: string, cluster: ClusterSpec): void {
  const seen = new Map<string, string>();
  cluster.topology?.regions.forEach((region, r) => {
    region.racks.forEach((rack, k) => {
      const path = `cluster.topology.regions.${r}.racks.${k}`;
      const names = rack.count === undefined ? [rack.name] : Array.from({ length: rack.count }, (_, i) => `${rack.name}${i}`);
      for (const name of names) {
        const first = seen.get(name);
        if (first !== undefined) throw new ScenarioError(message.fieldError(file, ["cluster", "topology", "regions", r, "racks", k, "name"], `rack name ${JSON.stringify(name)} is already used by ${first} (rack names, after counts, must be unique)`));
        seen.set(name, path);
      }
    });
  });
  const regions = new Set<string>();
  cluster.topology?.regions.forEach((region, r) => {
    if (regions.has(region.name)) throw new ScenarioError(message.fieldError(file, ["cluster", "topology", "regions", r, "name"], `region name ${JSON.stringify(region.name)} is used twice`));
    regions.add(region.name);
  });
}

/** Scripted failures must name components that exist (GPU index, node, rack or region). */
function checkFailureIds(file: string, scenario: Scenario, cluster: Cluster): void {
  let catalog: ComponentCatalog | undefined;
  scenario.failures.forEach((spec, i) => {
    if (!("at" in spec) || spec.target === "link") return; // link names come from the network model, checked when the run builds it
    catalog ??= new ComponentCatalog(cluster, undefined);
    const found = catalog.find(spec.target, spec.id);
    if (typeof found === "string") throw new ScenarioError(message.fieldError(file, ["failures", i, "id"], found));
  });
}

/** Failure processes whose gaps are all (nearly) zero would loop at one instant. */
function checkFailureGaps(file: string, scenario: Scenario): void {
  scenario.failures.forEach((spec, i) => {
    if ("at" in spec) return;
    const mean = distributionMean(spec.timeToFailureS);
    if (!(mean >= MIN_MEAN_TIME_TO_FAILURE_S)) {
      throw new ScenarioError(
        message.fieldError(file, ["failures", i, "timeToFailureS"], `mean time to failure must be >= ${MIN_MEAN_TIME_TO_FAILURE_S} s, got ${mean} (a failure process with zero gaps would never let time advance)`),
      );
    }
  });
}

/** A job asking for more GPUs (of its type) than the whole fleet has can never start. */
function checkJobSizes(file: string, scenario: Scenario, cluster: Cluster): void {
  const byType = new Map<string, number>();
  for (const node of cluster.nodes) byType.set(node.gpuType, (byType.get(node.gpuType) ?? 0) + node.gpuCount);
  scenario.workloads.forEach((w, i) => {
    if (w.kind !== "jobs") return;
    const gpus = typeof w.gpus === "number" ? w.gpus : w.gpus.dist === "constant" ? Math.max(1, Math.round(w.gpus.value)) : undefined;
    if (gpus === undefined || gpus === 0) return;
    const available = w.gpuType === undefined ? cluster.totalGpus : (byType.get(w.gpuType) ?? 0);
    if (gpus > available) {
      const what = w.gpuType === undefined ? "GPUs" : `${w.gpuType} GPUs`;
      throw new ScenarioError(message.fieldError(file, ["workloads", i, "gpus"], `every job asks for ${gpus} GPUs but the cluster has ${available} ${what}, so none could ever start`));
    }
  });
}

/** Arrivals and timeseries samples within limits (a count, or ratePerS × horizon, grown when the arrivals grow). */
function checkEventCounts(file: string, scenario: Scenario): void {
  const horizonS = scenario.horizon.durationS;
  scenario.workloads.forEach((w, i) => {
    if (w.kind === "job-trace") return;
    if (w.count !== undefined && w.count > limits.arrivals) throw new ScenarioError(message.overLimit(file, ["workloads", i, "count"], "arrivals", w.count, limits.arrivals));
    if (w.count === undefined && horizonS !== undefined && "ratePerS" in w.arrival) {
      // With growth the expected count is the integral of the grown rate: ratePerS × G(horizon).
      const growth = "growth" in w.arrival ? w.arrival.growth : undefined;
      const rateS = growth === undefined ? horizonS : growthClock(growth).operationalS(horizonS);
      const expected = w.arrival.ratePerS * rateS;
      const what = growth === undefined ? "expected arrivals (ratePerS × horizon.durationS)" : "expected arrivals (ratePerS grown by growth over horizon.durationS)";
      if (expected > limits.arrivals) throw new ScenarioError(message.overLimit(file, ["workloads", i, "arrival", "ratePerS"], what, expected, limits.arrivals));
    }
  });
  if (horizonS !== undefined && horizonS / scenario.report.sampleIntervalS > limits.samples) {
    throw new ScenarioError(message.overLimit(file, ["report", "sampleIntervalS"], "timeseries samples (horizon.durationS / sampleIntervalS)", horizonS / scenario.report.sampleIntervalS, limits.samples));
  }
}

/** Checks that bound the work of a run (sizes, counts, degenerate failure gaps); before anything expands the cluster. */
export function checkBounded(file: string, scenario: Scenario): void {
  checkClusterSize(file, scenario.cluster);
  checkRackNames(file, scenario.cluster);
  checkEventCounts(file, scenario);
  checkFailureGaps(file, scenario);
}

/** Checks that a scenario file can run at all: scripted failures name real components, jobs fit the fleet, services fit a node. */
export function checkRunnable(file: string, scenario: Scenario): void {
  const cluster = new Cluster(resolveCluster(scenario.cluster).groups);
  checkFailureIds(file, scenario, cluster);
  checkJobSizes(file, scenario, cluster);
  checkServicesFit(file, scenario.workloads, cluster);
}
