import { z } from "zod";
import { type GpuName, gpuNames } from "../model/gpus.js";
import { type NodePresetName, nodePresetNames } from "../model/node-presets.js";

const positive = (what: string) => z.number().positive().describe(what);
const name = (what: string) => z.string().regex(/^[A-Za-z0-9_.-]+$/, "use letters, digits, '.', '_' or '-'").describe(what);

/** A GPU model name from the catalog. */
export const gpuNameSchema = z.enum(gpuNames as [GpuName, ...GpuName[]]).describe("GPU model from the catalog (gpufleet policies --gpus lists them).");

/** A group of identical nodes: a preset and/or explicit hardware. */
export const nodeGroupSchema = z
  .strictObject({
    count: z.number().int().positive().describe("Number of identical nodes."),
    preset: z
      .enum(nodePresetNames as [NodePresetName, ...NodePresetName[]])
      .optional()
      .describe("Node preset (dgx-h100, dgx-a100, hgx-h200, hgx-b200, pcie-l4): GPU, GPUs per node, NVLink, NICs and collective tuning."),
    gpu: gpuNameSchema.optional(),
    gpusPerNode: z.number().int().nonnegative().optional().describe("GPUs in each node (default: the preset's, else 8; 0 for CPU-only nodes)."),
    name: name("Node name prefix (default `node`, numbered across the rack).").optional(),
    cpuMilli: positive("CPU per node in millicores (default: unconstrained).").optional(),
    memoryMiB: positive("Host memory per node in MiB (default: unconstrained).").optional(),
    nvlinkBytesPerS: z.number().nonnegative().optional().describe("Total NVLink bandwidth per GPU, both directions, bytes/s (0 = PCIe only)."),
    pcieBytesPerS: positive("PCIe bandwidth per GPU per direction, bytes/s.").optional(),
    nicCount: z.number().int().positive().optional().describe("Fabric NICs per node."),
    nicBytesPerS: positive("Bandwidth of one NIC per direction, bytes/s (400 Gb/s = 5e10).").optional(),
    labels: z.array(name("A label.")).optional().describe("Labels (segments, pools) of these nodes; tenants can be restricted to labels."),
  })
  .superRefine((g, ctx) => {
    if (g.gpu === undefined && g.preset === undefined) ctx.addIssue({ code: "custom", path: ["gpu"], message: "give a gpu (catalog name) or a preset" });
  });

const rackSchema = z.strictObject({
  name: name("Rack name; with count, racks are named name0, name1, ..."),
  count: z.number().int().positive().optional().describe("Replicate this rack count times."),
  labels: z.array(name("A label.")).optional().describe("Labels every node of the rack carries (segments, pools)."),
  nodes: z.array(nodeGroupSchema).min(1).describe("Node groups under this rack's leaf switch."),
});

const topologySchema = z
  .strictObject({
    regions: z
      .array(z.strictObject({ name: name("Region name."), racks: z.array(rackSchema).min(1).describe("Racks of the region.") }))
      .min(1)
      .describe("Regions (sites), each a leaf-spine fabric of racks."),
    fabric: z
      .strictObject({
        oversubscription: positive("Leaf oversubscription: uplink = sum of the rack's NIC bandwidth / ratio (1 = non-blocking).").default(1),
        spineBytesPerS: positive("Aggregate spine capacity per region, bytes/s (default unlimited).").optional(),
        nicLatencyS: z.number().nonnegative().optional().describe("NIC link latency in seconds (default 0.5e-6)."),
        switchLatencyS: z.number().nonnegative().optional().describe("Leaf uplink latency in seconds (default 0.5e-6)."),
      })
      .prefault({})
      .describe("Leaf-spine fabric parameters."),
    wan: z
      .array(
        z.strictObject({
          a: z.string().describe("One region."),
          b: z.string().describe("The other region."),
          latencyS: z.number().nonnegative().describe("One-way latency in seconds."),
          bytesPerS: positive("Bandwidth per direction, bytes/s."),
        }),
      )
      .default([])
      .describe("WAN links between regions."),
  })
  .describe("Full topology: regions, racks, node groups, fabric and WAN.");

/** `cluster`: the flat `nodes` shorthand (one rack, non-blocking) or a full `topology`. */
export const clusterSchema = z
  .strictObject({
    nodes: z.array(nodeGroupSchema).min(1).optional().describe("Node groups in one rack on a non-blocking fabric."),
    topology: topologySchema.optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.nodes === undefined) === (c.topology === undefined)) ctx.addIssue({ code: "custom", message: "give exactly one of cluster.nodes or cluster.topology" });
  })
  .describe("The GPU fleet.");

/** The validated `cluster` block. */
export type ClusterSpec = z.output<typeof clusterSchema>;
/** One validated node group. */
export type NodeGroup = z.output<typeof nodeGroupSchema>;
