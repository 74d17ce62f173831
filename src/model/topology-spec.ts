/**
 * Plain, typed descriptions of a cluster's topology (what a scenario file holds), before building.
 * Bandwidths are bytes/s (divide Gb/s by 8: a 400 Gb/s NIC is 50e9 bytes/s), latencies seconds.
 */
import type { GpuName } from "./gpus.js";
import type { CollectiveTuning } from "./node-presets.js";

/** A group of identical nodes. Fields left out come from `preset`, else from the GPU's default preset. */
export interface TopologyNodeGroupSpec {
  /** Number of nodes in the group. */
  count: number;
  /** Node preset name (see node-presets.ts), e.g. `dgx-h100`. */
  preset?: string;
  /** GPU model (required when no preset is given). */
  gpu?: GpuName;
  /** GPUs per node. */
  gpusPerNode?: number;
  /** Total NVLink bandwidth per GPU in bytes/s, both directions summed (as the GPU catalog); 0 = PCIe only. */
  nvlinkBytesPerS?: number;
  /** PCIe bandwidth per GPU per direction in bytes/s. */
  pcieBytesPerS?: number;
  /** Number of NICs per node on the cluster fabric. */
  nicCount?: number;
  /** Bandwidth of one NIC per direction in bytes/s. */
  nicBytesPerS?: number;
  /** Collective latency and efficiency (overrides the preset's). */
  collective?: Partial<CollectiveTuning>;
}

/** A rack: nodes under one leaf switch. Rack names must be unique across the whole topology. */
export interface RackSpec {
  /** Rack name, used in node ids (`${rack}-node${i}`). */
  name: string;
  /** Node groups, numbered in order within the rack. */
  nodes: TopologyNodeGroupSpec[];
}

/** A region (site): racks joined by a leaf–spine fabric. */
export interface RegionSpec {
  /** Region name. */
  name: string;
  /** Racks of the region. */
  racks: RackSpec[];
}

/** Leaf–spine fabric parameters, the same in every region. */
export interface FabricSpec {
  /** Leaf oversubscription: uplink capacity = sum of the rack's NIC bandwidth / ratio (default 1). */
  oversubscription?: number;
  /** Aggregate spine switching capacity per region in bytes/s (default unlimited: no spine link). */
  spineBytesPerS?: number;
  /** One-way latency of each NIC link in seconds (default 0.5e-6; host to host about 1 µs + hops). */
  nicLatencyS?: number;
  /** Latency of each leaf-uplink crossing in seconds (default 0.5e-6). */
  switchLatencyS?: number;
}

/** A WAN link between two regions (full duplex; `bytesPerS` in each direction). */
export interface WanLinkSpec {
  /** One region's name. */
  a: string;
  /** The other region's name. */
  b: string;
  /** One-way latency in seconds. */
  latencyS: number;
  /** Bandwidth per direction in bytes/s. */
  bytesPerS: number;
}

/** A full topology: regions → racks → nodes → GPUs, a fabric and WAN links. */
export interface TopologySpec {
  /** Regions, in order (GPUs are numbered globally in this order). */
  regions: RegionSpec[];
  /** Fabric parameters. */
  fabric?: FabricSpec;
  /** WAN links; regions are routed over the lowest-latency chain of them. */
  wan?: WanLinkSpec[];
}

/** The flat shorthand `cluster.nodes`: one region, one rack (`rack0`), a non-blocking fabric. */
export type FlatNodesSpec = TopologyNodeGroupSpec[];

/** Turn the flat shorthand into a full spec (region `region0`, rack `rack0`). */
export function flatToTopologySpec(nodes: FlatNodesSpec): TopologySpec {
  return { regions: [{ name: "region0", racks: [{ name: "rack0", nodes }] }], fabric: { oversubscription: 1 } };
}
