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

const NOTHING_HELD = { gpus: 0, memoryMiB: 0 } as const;

/** GPUs and host memory each tenant holds right now: the context of dynamic queue policies. */
export class TenantUsage implements QueueContext {
  /** Usage per tenant, one mutable record each (a lookup per change: this is on every job start and end). */
  private readonly held = new Map<string, { gpus: number; memoryMiB: number }>();
  private readonly specs = new Map<string, TenantSpec>();
  readonly totalGpus: number;
  readonly totalMemoryMiB: number;
  /** True when some tenant is confined to segments (placement must then use restricted views). */
  readonly anySegments: boolean;

  constructor(
    private readonly sim: Simulation,
    cluster: Cluster,
    tenants: ReadonlyMap<string, TenantSpec>,
  ) {
    for (const [name, spec] of tenants) this.specs.set(name, spec);
    this.anySegments = [...tenants.values()].some((t) => t.segments !== undefined);
    this.totalGpus = cluster.totalGpus;
    this.totalMemoryMiB = cluster.nodes.reduce((sum, n) => sum + n.memoryMiB, 0);
  }

  get nowS(): number {
    return this.sim.nowS;
  }

  usage(tenant: string): { readonly gpus: number; readonly memoryMiB: number } {
    return this.held.get(tenant) ?? NOTHING_HELD;
  }

  tenant(name: string): TenantSpec {
    let spec = this.specs.get(name);
    if (spec === undefined) {
      spec = defaultTenant(name);
      this.specs.set(name, spec);
    }
    return spec;
  }

  /** A tenant's work took (+1) or released (−1) resources; fractional GPUs count by their share. */
  change(tenant: string, request: ResourceRequest, sign: 1 | -1): void {
    let use = this.held.get(tenant);
    if (use === undefined) {
      use = { gpus: 0, memoryMiB: 0 };
      this.held.set(tenant, use);
    }
    use.gpus += (sign * request.gpus * request.gpuMilli) / 1000;
    use.memoryMiB += sign * request.memoryMiB;
  }
}
