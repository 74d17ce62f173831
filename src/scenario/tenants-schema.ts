import { z } from "zod";

/** `tenants`: who shares the fleet, with quotas, weights, priorities and allowed segments. */
export const tenantsSchema = z
  .array(
    z.strictObject({
      name: z.string().min(1).describe("Tenant name (jobs name it in `tenant`)."),
      quotaGpus: z.number().nonnegative().optional().describe("GPUs guaranteed to the tenant (queue policy quota; default unlimited)."),
      weight: z.number().positive().default(1).describe("Fair-share weight (queue policy fair-share)."),
      priority: z.number().int().default(0).describe("Added to the priority of every job of the tenant."),
      borrowing: z.boolean().default(true).describe("May use idle GPUs beyond its quota (reclaimable when scheduler.preemption is reclaim)."),
      segments: z.array(z.string().min(1)).min(1).optional().describe("Node labels (pools, segments) the tenant may use; default any node. Every placement is audited."),
    }),
  )
  .default([])
  .superRefine((tenants, ctx) => {
    const seen = new Set<string>();
    tenants.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate tenant ${JSON.stringify(t.name)}` });
      seen.add(t.name);
    });
  })
  .describe("Tenants with GPU quotas, fair-share weights, priorities and allowed node segments.");

/** Validated tenants. */
export type TenantsSpec = z.output<typeof tenantsSchema>;
