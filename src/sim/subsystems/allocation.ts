import { round } from "../../metrics/stats.js";
import { WHOLE_GPU_MILLI } from "../../model/resources.js";
import { resolveCluster } from "../../scenario/resolve-cluster.js";
import type { Scenario } from "../../scenario/schema.js";
import type { Subsystem } from "../subsystem.js";

/** timeseries.csv column of the GPUs allocated on one GPU type, or to one kind of work (`jobs`, `inference`). */
export function allocatedColumn(split: string): string {
  return `allocated:${split}`;
}

/** GPU types of the scenario's cluster in first-appearance order (the cluster's `gpuTypes` order). */
function gpuTypes(scenario: Scenario): string[] {
  return [...new Set(resolveCluster(scenario.cluster).groups.filter((g) => g.count > 0 && g.gpusPerNode > 0).map((g) => g.gpu))];
}

/** True when the scenario has both batch/training jobs and inference services. */
function hasBothKinds(scenario: Scenario): boolean {
  return scenario.workloads.some((w) => w.kind === "inference") && scenario.workloads.some((w) => w.kind !== "inference");
}

/** The splits a scenario records: per GPU type with more than one type, per kind with both kinds. */
function splits(scenario: Scenario): { types: string[]; kinds: boolean } {
  const types = gpuTypes(scenario);
  return { types: types.length > 1 ? types : [], kinds: hasBothKinds(scenario) };
}

/**
 * allocatedGpus split by GPU type (`allocated:<type>`) and by kind of work (`allocated:jobs`,
 * `allocated:inference`: replicas). Each split sums to `allocatedGpus` (GPU-equivalents, as the core
 * counts them). Only where there is something to split, so single-type, single-kind runs are unchanged.
 */
export const allocationSubsystem: Subsystem = {
  name: "allocation",
  applies: (scenario) => {
    const s = splits(scenario);
    return s.types.length > 0 || s.kinds;
  },
  timeseriesColumns: (scenario) => {
    const s = splits(scenario);
    return [...s.types, ...(s.kinds ? ["jobs", "inference"] : [])].map(allocatedColumn);
  },
  attach({ scenario, cluster, replicas }) {
    const s = splits(scenario);
    // The cluster counts milli-GPUs per type in its own type order; map the columns onto it.
    const typeSlots = s.types.map((t) => cluster.gpuTypes.indexOf(t as (typeof cluster.gpuTypes)[number]));
    if (typeSlots.some((i) => i < 0)) throw new Error(`allocation split: GPU types ${s.types.join(", ")} differ from the cluster's ${cluster.gpuTypes.join(", ")}`);
    let replicaMilli = 0;
    replicas.acquired.subscribe(({ lease, request }) => {
      replicaMilli += lease.gpus.length * request.gpuMilli;
    });
    replicas.released.subscribe(({ lease, request }) => {
      replicaMilli -= lease.gpus.length * request.gpuMilli;
    });
    return {
      timeseriesCells: () => {
        const byType = cluster.allocatedMilliByType;
        const cells = typeSlots.map((i) => round((byType[i] as number) / WHOLE_GPU_MILLI));
        if (s.kinds) cells.push(round(cluster.allocatedGpus - replicaMilli / WHOLE_GPU_MILLI), round(replicaMilli / WHOLE_GPU_MILLI));
        return cells;
      },
    };
  },
};
