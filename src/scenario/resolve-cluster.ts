import type { NodeGroupSpec } from "../model/cluster.js";
import { nodePreset } from "../model/node-presets.js";
import type { TopologyNodeGroupSpec, TopologySpec } from "../model/topology-spec.js";
import type { ClusterSpec, NodeGroup } from "./cluster-schema.js";

/** A cluster description resolved into what the models build from. */
export interface ResolvedCluster {
  /** Node groups in GPU-numbering order, each with its rack (and region) for the allocation model. */
  groups: NodeGroupSpec[];
  /** The same nodes as a topology for the network model. */
  topology: TopologySpec;
  /** True when the scenario gave a full topology (racks, fabric); false for the flat shorthand. */
  explicitTopology: boolean;
}

function toGroupSpec(group: NodeGroup, rack: string, region: string, rackLabels: readonly string[] = []): NodeGroupSpec {
  const preset = group.preset === undefined ? undefined : nodePreset(group.preset);
  const gpu = group.gpu ?? preset?.gpu;
  if (gpu === undefined) throw new Error("node group without gpu or preset passed validation");
  return {
    count: group.count,
    gpu,
    gpusPerNode: group.gpusPerNode ?? preset?.gpusPerNode ?? 8,
    namePrefix: group.name,
    cpuMilli: group.cpuMilli,
    memoryMiB: group.memoryMiB,
    rack,
    region,
    labels: [...new Set([...rackLabels, ...(group.labels ?? [])])],
  };
}

function toTopologyGroup(group: NodeGroup, resolved: NodeGroupSpec): TopologyNodeGroupSpec {
  const out: TopologyNodeGroupSpec = { count: group.count, gpu: resolved.gpu, gpusPerNode: resolved.gpusPerNode };
  if (group.preset !== undefined) out.preset = group.preset;
  if (group.nvlinkBytesPerS !== undefined) out.nvlinkBytesPerS = group.nvlinkBytesPerS;
  if (group.pcieBytesPerS !== undefined) out.pcieBytesPerS = group.pcieBytesPerS;
  if (group.nicCount !== undefined) out.nicCount = group.nicCount;
  if (group.nicBytesPerS !== undefined) out.nicBytesPerS = group.nicBytesPerS;
  return out;
}

/** The cluster block with every node group's gpu and gpusPerNode filled in from its preset (for resolved-scenario.json). */
export function clusterWithPresetDefaults(cluster: ClusterSpec): ClusterSpec {
  const fill = (g: NodeGroup): NodeGroup => {
    const preset = g.preset === undefined ? undefined : nodePreset(g.preset);
    return { ...g, gpu: g.gpu ?? preset?.gpu, gpusPerNode: g.gpusPerNode ?? preset?.gpusPerNode ?? 8 };
  };
  if (cluster.nodes !== undefined) return { ...cluster, nodes: cluster.nodes.map(fill) };
  const topology = cluster.topology;
  if (topology === undefined) return cluster;
  return {
    ...cluster,
    topology: { ...topology, regions: topology.regions.map((r) => ({ ...r, racks: r.racks.map((k) => ({ ...k, nodes: k.nodes.map(fill) })) })) },
  };
}

/** Expand the scenario's cluster block (rack counts, presets) into allocation groups and a topology spec. */
export function resolveCluster(cluster: ClusterSpec): ResolvedCluster {
  const groups: NodeGroupSpec[] = [];
  if (cluster.nodes !== undefined) {
    const topologyGroups = cluster.nodes.map((g) => {
      const spec = toGroupSpec(g, "rack0", "region0");
      groups.push(spec);
      return toTopologyGroup(g, spec);
    });
    return { groups, topology: { regions: [{ name: "region0", racks: [{ name: "rack0", nodes: topologyGroups }] }], fabric: { oversubscription: 1 } }, explicitTopology: false };
  }
  const topology = cluster.topology;
  if (topology === undefined) throw new Error("cluster without nodes or topology passed validation");
  const spec: TopologySpec = { regions: [], fabric: topology.fabric, wan: topology.wan };
  for (const region of topology.regions) {
    const racks: TopologySpec["regions"][number]["racks"] = [];
    for (const rack of region.racks) {
      const names = rack.count === undefined ? [rack.name] : Array.from({ length: rack.count }, (_, i) => `${rack.name}${i}`);
      for (const rackName of names) {
        racks.push({
          name: rackName,
          nodes: rack.nodes.map((g) => {
            const resolved = toGroupSpec(g, rackName, region.name, rack.labels);
            groups.push(resolved);
            return toTopologyGroup(g, resolved);
          }),
        });
      }
    }
    spec.regions.push({ name: region.name, racks });
  }
  return { groups, topology: spec, explicitTopology: true };
}
