/**
 * The built topology: regions → racks → nodes → GPUs, and every link between them.
 *
 * Links per node: each GPU has an NVLink pair (tx/rx, capacity = half the GPU's total NVLink
 * bandwidth; NVSwitch is non-blocking, so GPU-to-GPU traffic inside a node crosses only the two
 * endpoints' links) and a PCIe pair (to the NICs; on PCIe-only nodes also GPU to GPU). Each NIC
 * has a tx/rx pair to the rack's leaf switch. Each rack's leaf has an uplink pair to the spine
 * with capacity sum(NIC bandwidth in the rack) / oversubscription (ECMP over the spines treated as
 * one aggregate pipe). An optional aggregate spine link per region caps the spine's switching
 * capacity. Regions are joined by WAN link pairs. GPUs are numbered globally in spec order;
 * node ids are `${rack}-node${i}` with i counted within the rack.
 */
import { LinkTable } from "./network/link-table.js";
import { type NodeModel, resolveNodeModel } from "./node-model.js";
import { type FlatNodesSpec, flatToTopologySpec, type TopologySpec } from "./topology-spec.js";

/** A node with its link ids. */
export interface TopologyNode extends NodeModel {
  /** Node id, `${rack}-node${i}`. */
  id: string;
  /** Index in `Topology.nodes`. */
  index: number;
  /** Rack index. */
  rack: number;
  /** Region index. */
  region: number;
  /** Global index of the node's first GPU. */
  firstGpu: number;
  /** Per local GPU: the link GPU-to-GPU traffic leaves by (NVLink, or PCIe on PCIe-only nodes). */
  intraTx: Int32Array;
  /** Per local GPU: the link GPU-to-GPU traffic arrives by. */
  intraRx: Int32Array;
  /** Per local GPU: PCIe link towards the NICs. */
  pcieTx: Int32Array;
  /** Per local GPU: PCIe link from the NICs. */
  pcieRx: Int32Array;
  /** Per NIC: node to leaf. */
  nicTx: Int32Array;
  /** Per NIC: leaf to node. */
  nicRx: Int32Array;
}

/** A rack (one leaf switch). */
export interface TopologyRack {
  /** Rack name. */
  name: string;
  /** Region index. */
  region: number;
  /** Node indices. */
  nodes: number[];
  /** Leaf-to-spine link id (-1 when the topology has a single rack). */
  uplinkUp: number;
  /** Spine-to-leaf link id (-1 when the topology has a single rack). */
  uplinkDown: number;
}

/** A region. */
export interface TopologyRegion {
  /** Region name. */
  name: string;
  /** Rack indices. */
  racks: number[];
  /** Aggregate spine link id, -1 when the spine is unlimited. */
  spine: number;
}

/** A built topology (immutable structure; link capacities may change through the network model). */
export interface Topology {
  /** Every link. */
  links: LinkTable;
  /** Regions in spec order. */
  regions: TopologyRegion[];
  /** Racks in spec order. */
  racks: TopologyRack[];
  /** Nodes in spec order. */
  nodes: TopologyNode[];
  /** Number of GPUs. */
  gpuCount: number;
  /** Node index of each global GPU. */
  gpuNode: Int32Array;
  /** Node index by node id. */
  nodeIndexById: Map<string, number>;
  /** WAN link ids from region a to region b (lowest total latency), null when unreachable. */
  wanRoute: (Int32Array | null)[][];
}

/** Build a topology from its description; throws RangeError on an invalid one. */
export function buildTopology(spec: TopologySpec): Topology {
  const links = new LinkTable();
  const fabric = spec.fabric ?? {};
  const ratio = fabric.oversubscription ?? 1;
  if (!(ratio > 0)) throw new RangeError(`fabric.oversubscription: must be > 0, got ${ratio}`);
  const nicLatencyS = fabric.nicLatencyS ?? 0.5e-6;
  const switchLatencyS = fabric.switchLatencyS ?? 0.5e-6;
  const multiRack = spec.regions.length > 1 || spec.regions.some((r) => r.racks.length > 1);
  const regions: TopologyRegion[] = [];
  const racks: TopologyRack[] = [];
  const nodes: TopologyNode[] = [];
  const nodeIndexById = new Map<string, number>();
  const gpuNode: number[] = [];
  const rackNames = new Set<string>();
  const regionIndex = new Map<string, number>();
  spec.regions.forEach((regionSpec, ri) => {
    if (regionIndex.has(regionSpec.name)) throw new RangeError(`regions.${ri}.name: duplicate region "${regionSpec.name}"`);
    regionIndex.set(regionSpec.name, ri);
    const spineBytesPerS = fabric.spineBytesPerS ?? Number.POSITIVE_INFINITY;
    const spine = Number.isFinite(spineBytesPerS) ? links.add(`${regionSpec.name}/spine`, "spine", spineBytesPerS) : -1;
    const region: TopologyRegion = { name: regionSpec.name, racks: [], spine };
    regions.push(region);
    regionSpec.racks.forEach((rackSpec, ki) => {
      const where = `regions.${ri}.racks.${ki}`;
      if (rackNames.has(rackSpec.name)) throw new RangeError(`${where}.name: duplicate rack "${rackSpec.name}"`);
      rackNames.add(rackSpec.name);
      const rack: TopologyRack = { name: rackSpec.name, region: ri, nodes: [], uplinkUp: -1, uplinkDown: -1 };
      region.racks.push(racks.length);
      racks.push(rack);
      let rackNicBytesPerS = 0;
      rackSpec.nodes.forEach((group, gi) => {
        const model = resolveNodeModel(group, `${where}.nodes.${gi}`);
        if (!(Number.isInteger(group.count) && group.count >= 0)) {
          throw new RangeError(`${where}.nodes.${gi}.count: must be an integer >= 0, got ${group.count}`);
        }
        for (let c = 0; c < group.count; c++) {
          const node = addNode(links, model, `${rackSpec.name}-node${rack.nodes.length}`, nicLatencyS);
          node.index = nodes.length;
          node.rack = racks.length - 1;
          node.region = ri;
          node.firstGpu = gpuNode.length;
          for (let g = 0; g < model.gpusPerNode; g++) gpuNode.push(node.index);
          rackNicBytesPerS += model.nicCount * model.nicBytesPerS;
          rack.nodes.push(node.index);
          nodeIndexById.set(node.id, node.index);
          nodes.push(node);
        }
      });
      if (multiRack) {
        const uplinkBytesPerS = rackNicBytesPerS / ratio;
        rack.uplinkUp = links.add(`${rackSpec.name}/uplink/up`, "leaf-uplink", uplinkBytesPerS, switchLatencyS);
        rack.uplinkDown = links.add(`${rackSpec.name}/uplink/down`, "leaf-uplink", uplinkBytesPerS, switchLatencyS);
      }
    });
  });
  const wanRoute = buildWanRoutes(links, spec, regionIndex);
  return { links, regions, racks, nodes, gpuCount: gpuNode.length, gpuNode: Int32Array.from(gpuNode), nodeIndexById, wanRoute };
}

/** Build the flat shorthand `nodes: [{count, gpu, gpusPerNode}]`: one region, one rack, non-blocking. */
export function buildFlatTopology(nodes: FlatNodesSpec): Topology {
  return buildTopology(flatToTopologySpec(nodes));
}

function addNode(links: LinkTable, model: NodeModel, id: string, nicLatencyS: number): TopologyNode {
  const n = model.gpusPerNode;
  const pcieTx = new Int32Array(n);
  const pcieRx = new Int32Array(n);
  const intraTx = new Int32Array(n);
  const intraRx = new Int32Array(n);
  for (let g = 0; g < n; g++) {
    pcieTx[g] = links.add(`${id}/gpu${g}/pcie/tx`, "pcie", model.pcieBytesPerS);
    pcieRx[g] = links.add(`${id}/gpu${g}/pcie/rx`, "pcie", model.pcieBytesPerS);
    if (model.nvlinkBytesPerS > 0) {
      intraTx[g] = links.add(`${id}/gpu${g}/nvlink/tx`, "nvlink", model.nvlinkBytesPerS / 2);
      intraRx[g] = links.add(`${id}/gpu${g}/nvlink/rx`, "nvlink", model.nvlinkBytesPerS / 2);
    } else {
      intraTx[g] = pcieTx[g] as number;
      intraRx[g] = pcieRx[g] as number;
    }
  }
  const nicTx = new Int32Array(model.nicCount);
  const nicRx = new Int32Array(model.nicCount);
  for (let k = 0; k < model.nicCount; k++) {
    nicTx[k] = links.add(`${id}/nic${k}/tx`, "nic", model.nicBytesPerS, nicLatencyS);
    nicRx[k] = links.add(`${id}/nic${k}/rx`, "nic", model.nicBytesPerS, nicLatencyS);
  }
  return { ...model, id, index: 0, rack: 0, region: 0, firstGpu: 0, intraTx, intraRx, pcieTx, pcieRx, nicTx, nicRx };
}

/** WAN link pairs, then all-pairs lowest-latency routes over them (Dijkstra from each region). */
function buildWanRoutes(links: LinkTable, spec: TopologySpec, regionIndex: Map<string, number>): (Int32Array | null)[][] {
  const r = spec.regions.length;
  const adj: { to: number; link: number; latencyS: number }[][] = Array.from({ length: r }, () => []);
  (spec.wan ?? []).forEach((w, i) => {
    const a = regionIndex.get(w.a);
    const b = regionIndex.get(w.b);
    if (a === undefined || b === undefined || a === b) throw new RangeError(`wan.${i}: needs two different known regions, got "${w.a}" and "${w.b}"`);
    if (!(w.latencyS >= 0) || !(w.bytesPerS > 0)) throw new RangeError(`wan.${i}: latencyS must be >= 0 and bytesPerS > 0`);
    adj[a]?.push({ to: b, link: links.add(`wan/${w.a}->${w.b}`, "wan", w.bytesPerS, w.latencyS), latencyS: w.latencyS });
    adj[b]?.push({ to: a, link: links.add(`wan/${w.b}->${w.a}`, "wan", w.bytesPerS, w.latencyS), latencyS: w.latencyS });
  });
  return Array.from({ length: r }, (_, src) => {
    const dist = new Array<number>(r).fill(Number.POSITIVE_INFINITY);
    const via: ({ from: number; link: number } | null)[] = new Array(r).fill(null);
    const done = new Array<boolean>(r).fill(false);
    dist[src] = 0;
    for (;;) {
      let u = -1;
      for (let i = 0; i < r; i++) if (!done[i] && (dist[i] as number) < Number.POSITIVE_INFINITY && (u < 0 || (dist[i] as number) < (dist[u] as number))) u = i;
      if (u < 0) break;
      done[u] = true;
      for (const e of adj[u] ?? []) {
        const d = (dist[u] as number) + e.latencyS;
        if (d < (dist[e.to] as number)) {
          dist[e.to] = d;
          via[e.to] = { from: u, link: e.link };
        }
      }
    }
    return Array.from({ length: r }, (_, dst) => {
      if (dst === src) return new Int32Array(0);
      if (!done[dst]) return null;
      const route: number[] = [];
      for (let v = dst; v !== src; v = (via[v] as { from: number }).from) route.push((via[v] as { link: number }).link);
      return Int32Array.from(route.reverse());
    });
  });
}
