/**
 * Tenant segments for every allocation, jobs and replicas alike: the restricted cluster view a
 * placement policy is given, and the audit of what the policy returned (policies are untrusted).
 */
import { message } from "../messages.js";
import type { ClusterView, NodeInfo } from "../model/cluster.js";
import { restrictedView } from "./restricted-view.js";
import type { TenantUsage } from "./tenant-usage.js";

/** Segment restriction and audit of placements, one instance per run (views are cached). */
export class SegmentGuard {
  private readonly views = new Map<string, ClusterView>();

  constructor(
    private readonly cluster: ClusterView,
    private readonly tenants: TenantUsage,
  ) {}

  /** True when `tenant` may use `node` (any node when the tenant has no segments). */
  allows(tenant: string, node: NodeInfo): boolean {
    if (!this.tenants.anySegments) return true;
    const segments = this.tenants.tenant(tenant).segments;
    return segments === undefined || node.labels.some((l) => segments.includes(l));
  }

  /**
   * The cluster as `tenant`'s work may see it: only nodes carrying one of its segments and, when
   * `region` is given, in that region. The plain cluster when nothing restricts it. Cached.
   */
  viewFor(tenant: string, region?: string): ClusterView {
    const segmented = this.tenants.anySegments && this.tenants.tenant(tenant).segments !== undefined;
    if (!segmented && region === undefined) return this.cluster;
    const key = `${segmented ? tenant : ""}\u0000${region ?? ""}`;
    let view = this.views.get(key);
    if (view === undefined) {
      view = restrictedView(this.cluster, (n) => (region === undefined || n.region === region) && this.allows(tenant, n));
      this.views.set(key, view);
    }
    return view;
  }

  /**
   * Check a placement against the tenant's segments: null when every node it uses (its GPUs'
   * nodes and `node`, for CPU-only work) is allowed, else the violation text naming the first
   * offending node. The caller throws (a breach stops the run).
   */
  audit(policy: string, kind: "job" | "replica", workId: string, tenant: string, gpus: readonly number[], node?: number): string | null {
    if (!this.tenants.anySegments) return null;
    const segments = this.tenants.tenant(tenant).segments;
    if (segments === undefined) return null;
    const nodes = new Set(gpus.map((g) => this.cluster.nodeOfGpu(g)));
    if (node !== undefined) nodes.add(node);
    for (const n of [...nodes].sort((a, b) => a - b)) {
      const info = this.cluster.nodes[n] as NodeInfo;
      if (!info.labels.some((l) => segments.includes(l))) return message.segmentViolation(policy, workId, tenant, info.id, segments, kind);
    }
    return null;
  }
}
