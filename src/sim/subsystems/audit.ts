import type { Subsystem } from "../subsystem.js";

/** Columns of audit.csv. */
export const auditColumns = ["timeS", "kind", "id", "tenant", "gpus", "nodes"] as const;

/** audit.csv: one row per allocation (job start, replica lease) with its tenant and nodes, when the scenario declares tenants. */
export const auditSubsystem: Subsystem = {
  name: "audit",
  applies: (scenario) => scenario.tenants.length > 0,
  tables: [{ name: "audit", columns: auditColumns, written: () => true }],
  attach({ sim, cluster, scheduler, replicas, sinks }) {
    const audit = sinks.audit;
    if (audit === undefined) return {};
    const nodeIds = (gpus: readonly number[]): Set<string> => new Set(gpus.map((g) => cluster.nodes[cluster.nodeOfGpu(g)]?.id ?? ""));
    const timeS = (): number => Math.round(sim.nowS * 1e6) / 1e6;
    scheduler.started.subscribe((job) => {
      const nodes = nodeIds(job.gpuIndices);
      if (job.node !== undefined) nodes.add(cluster.nodes[job.node]?.id ?? "");
      audit.write([timeS(), "job", job.id, job.tenant, job.gpus, [...nodes].join(";")]);
    });
    replicas.acquired.subscribe(({ lease, request }) => {
      audit.write([timeS(), "replica", `${request.owner}/replica-${lease.id}`, request.tenant, lease.gpus.length, [...nodeIds(lease.gpus)].join(";")]);
    });
    return {};
  },
};
