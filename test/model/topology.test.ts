import { describe, expect, it } from "vitest";
import { gpuNames } from "../../src/model/gpus.js";
import { pathBottleneckBytesPerS, pathLatencyS, routeBetweenGpus } from "../../src/model/network/routing.js";
import { busBwEfficiency, defaultPresetForGpu, nodePresetNames, nodePresets } from "../../src/model/node-presets.js";
import { buildFlatTopology, buildTopology } from "../../src/model/topology.js";
import type { TopologySpec } from "../../src/model/topology-spec.js";

const names = (t: ReturnType<typeof buildTopology>, path: Int32Array): string[] => Array.from(path, (l) => t.links.nameOf(l));

describe("node presets", () => {
  it("carry the documented hardware numbers", () => {
    const h100 = nodePresets["dgx-h100"];
    expect([h100.gpu, h100.gpusPerNode, h100.nicCount, h100.nicBytesPerS, h100.nvlinkBytesPerS]).toEqual(["H100-SXM", 8, 8, 50e9, 900e9]);
    expect(nodePresets["dgx-a100"].nicBytesPerS).toBe(25e9);
    expect(nodePresets["hgx-b200"].nvlinkBytesPerS).toBe(1.8e12);
    expect(nodePresets["pcie-l4"].nvlinkBytesPerS).toBe(0);
    for (const name of nodePresetNames) {
      const p = nodePresets[name];
      expect(gpuNames).toContain(p.gpu);
      expect(p.collective.efficiencyTiers[0]?.fromBytes).toBe(0);
    }
    expect(defaultPresetForGpu("A100-80G")?.name).toBe("dgx-a100");
  });

  it("pick the efficiency tier by message size", () => {
    const t = nodePresets["dgx-h100"].collective;
    expect(busBwEfficiency(t, 1e6)).toBe(0.685);
    expect(busBwEfficiency(t, 24 * 2 ** 20)).toBe(0.815);
  });
});

describe("flat topology", () => {
  const t = buildFlatTopology([
    { count: 2, preset: "dgx-h100" },
    { count: 1, gpu: "L4", gpusPerNode: 4 },
  ]);

  it("numbers nodes per rack and GPUs globally", () => {
    expect(t.nodes.map((n) => n.id)).toEqual(["rack0-node0", "rack0-node1", "rack0-node2"]);
    expect(t.gpuCount).toBe(20);
    expect(t.nodes[2]?.firstGpu).toBe(16);
    expect(t.gpuNode[17]).toBe(2);
    expect(t.nodeIndexById.get("rack0-node1")).toBe(1);
    expect(t.racks[0]?.uplinkUp).toBe(-1); // one rack: non-blocking, no uplinks
  });

  it("routes inside a node over NVLink (per direction = half the total) and across nodes over NICs", () => {
    const intra = routeBetweenGpus(t, 1, 2);
    expect(names(t, intra)).toEqual(["rack0-node0/gpu1/nvlink/tx", "rack0-node0/gpu2/nvlink/rx"]);
    expect(pathBottleneckBytesPerS(t, intra)).toBe(450e9);
    const inter = routeBetweenGpus(t, 3, 8 + 5);
    expect(names(t, inter)).toEqual([
      "rack0-node0/gpu3/pcie/tx",
      "rack0-node0/nic3/tx",
      "rack0-node1/nic5/rx",
      "rack0-node1/gpu5/pcie/rx",
    ]);
    expect(pathBottleneckBytesPerS(t, inter)).toBe(50e9);
    expect(pathLatencyS(t, inter)).toBeCloseTo(1e-6, 15);
    expect(routeBetweenGpus(t, 4, 4)).toHaveLength(0);
  });

  it("PCIe-only nodes talk over PCIe and share their scaled NIC", () => {
    const l4 = t.nodes[2];
    expect(l4?.nicCount).toBe(1); // pcie-l4 has one NIC for 8 GPUs; 4 GPUs still get one
    expect(names(t, routeBetweenGpus(t, 16, 17))).toEqual(["rack0-node2/gpu0/pcie/tx", "rack0-node2/gpu1/pcie/rx"]);
  });
});

describe("racks, fabric and regions", () => {
  const node = { count: 2, preset: "dgx-a100" };
  const spec: TopologySpec = {
    regions: [
      { name: "east", racks: [{ name: "e0", nodes: [node] }, { name: "e1", nodes: [node] }] },
      { name: "west", racks: [{ name: "w0", nodes: [node] }] },
      { name: "south", racks: [{ name: "s0", nodes: [node] }] },
    ],
    fabric: { oversubscription: 4, spineBytesPerS: 1e12 },
    wan: [
      { a: "east", b: "west", latencyS: 0.03, bytesPerS: 12.5e9 },
      { a: "east", b: "south", latencyS: 0.005, bytesPerS: 12.5e9 },
      { a: "south", b: "west", latencyS: 0.01, bytesPerS: 12.5e9 },
    ],
  };
  const t = buildTopology(spec);

  it("sizes leaf uplinks as rack NIC bandwidth / oversubscription", () => {
    const rack = t.racks[0];
    expect(t.links.info(rack?.uplinkUp ?? -1).bytesPerS).toBe((2 * 8 * 25e9) / 4);
    expect(t.links.classOf(rack?.uplinkDown ?? -1)).toBe("leaf-uplink");
    expect(t.links.info(t.regions[0]?.spine ?? -1).bytesPerS).toBe(1e12);
  });

  it("routes across racks through the spine and across regions over the lowest-latency WAN chain", () => {
    const crossRack = names(t, routeBetweenGpus(t, 0, 16));
    expect(crossRack).toEqual([
      "e0-node0/gpu0/pcie/tx",
      "e0-node0/nic0/tx",
      "e0/uplink/up",
      "east/spine",
      "e1/uplink/down",
      "e1-node0/nic0/rx",
      "e1-node0/gpu0/pcie/rx",
    ]);
    const westGpu = t.nodes[t.nodeIndexById.get("w0-node1") ?? -1]?.firstGpu ?? -1;
    const path = routeBetweenGpus(t, 0, westGpu);
    const wan = names(t, path).filter((n) => n.startsWith("wan/"));
    expect(wan).toEqual(["wan/east->south", "wan/south->west"]); // 15 ms beats the direct 30 ms
    expect(pathLatencyS(t, path)).toBeCloseTo(0.015 + 1e-6 + 1e-6, 12);
    expect(pathBottleneckBytesPerS(t, path)).toBe(12.5e9);
  });

  it("rejects bad descriptions with the field path", () => {
    expect(() => buildFlatTopology([{ count: 1, preset: "dgx-z9" }])).toThrow(/nodes\.0: unknown node preset "dgx-z9"/);
    expect(() => buildFlatTopology([{ count: 1 }])).toThrow(/needs a preset or a gpu/);
    const dup: TopologySpec = { regions: [{ name: "r", racks: [{ name: "a", nodes: [] }, { name: "a", nodes: [] }] }] };
    expect(() => buildTopology(dup)).toThrow(/duplicate rack "a"/);
    expect(() => buildTopology({ ...spec, wan: [{ a: "east", b: "mars", latencyS: 0, bytesPerS: 1 }] })).toThrow(/wan\.0/);
  });

  it("reports unreachable regions when routing", () => {
    const isolated = buildTopology({ ...spec, wan: [] });
    expect(() => routeBetweenGpus(isolated, 0, isolated.gpuCount - 1)).toThrow(/no WAN route/);
  });
});
