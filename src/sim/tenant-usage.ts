import type { Simulation } from "../engine/simulation.js";
import type { Cluster } from "../model/cluster.js";
import type { ResourceRequest } from "../model/resources.js";
import type { QueueContext, TenantView } from "../policies/types.js";

/** A tenant as the scenario declares it. */
export interface TenantSpec extends TenantView {
  /** Added to the priority of every job of the tenant. */
  readonly priority: number;
  /** Node labels (segments) the tenant may use; undefined = any node. */
  readonly segments: readonly string[] | undefined;
}

/** Settings of a tenant the scenario does not list: no quota, weight 1, borrowing, any node. */
export function defaultTenant(name: string): TenantSpec {
  return { name, quotaGpus: Number.POSITIVE_INFINITY, weight: 1, borrowing: true, priority: 0, segments: undefined };
}

/** GPUs and host memory each tenant holds right now: the context of dynamic queue policies. */
export class TenantUsage implements QueueContext {
  private readonly gpus = new Map<string, number>();
  private readonly memory = new Map<string, number>();
  readonly totalGpus: number;
  readonly totalMemoryMiB: number;

  constructor(
    private readonly sim: Simulation,
    cluster: Cluster,
    private readonly tenants: ReadonlyMap<string, TenantSpec>,
  ) {
    this.totalGpus = cluster.totalGpus;
    this.totalMemoryMiB = cluster.nodes.reduce((sum, n) => sum + n.memoryMiB, 0);
  }

  get nowS(): number {
    return this.sim.nowS;
  }

  usage(tenant: string): { gpus: number; memoryMiB: number } {
    return { gpus: this.gpus.get(tenant) ?? 0, memoryMiB: this.memory.get(tenant) ?? 0 };
  }

  tenant(name: string): TenantSpec {
    return this.tenants.get(name) ?? defaultTenant(name);
  }

  /** A tenant's work took (+1) or released (−1) resources; fractional GPUs count by their share. */
  change(tenant: string, request: ResourceRequest, sign: 1 | -1): void {
    this.gpus.set(tenant, (this.gpus.get(tenant) ?? 0) + (sign * request.gpus * request.gpuMilli) / 1000);
    this.memory.set(tenant, (this.memory.get(tenant) ?? 0) + sign * request.memoryMiB);
  }
}
