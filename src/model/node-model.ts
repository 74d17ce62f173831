/**
 * Resolves a node group description (preset and/or explicit fields) into a complete node model.
 * Precedence: explicit field, then the named preset, then the GPU's default preset (scaled to
 * the node's GPU count for NICs), then the GPU catalog and generic assumptions.
 */
import { gpuCatalog } from "./gpus.js";
import {
  type CollectiveTuning,
  defaultPresetForGpu,
  genericCollectiveTuning,
  type NodePreset,
  nodePreset,
  nodePresetNames,
} from "./node-presets.js";
import type { TopologyNodeGroupSpec } from "./topology-spec.js";

/** Assumed NIC for GPUs without a preset: one 100 Gb/s NIC per node. */
const GENERIC_NIC_BYTES_PER_S = 100 * 0.125e9;

/** A fully resolved node model: a preset's hardware fields, and which preset it came from. */
export interface NodeModel extends Omit<NodePreset, "name" | "description"> {
  /** Preset the node came from (named or the GPU's default), null when none. */
  preset: string | null;
}

/** Resolve one node group; throws a RangeError naming the problem (`where` locates it). */
export function resolveNodeModel(spec: TopologyNodeGroupSpec, where: string): NodeModel {
  let preset: NodePreset | undefined;
  if (spec.preset !== undefined) {
    preset = nodePreset(spec.preset);
    if (!preset) throw new RangeError(`${where}: unknown node preset "${spec.preset}" (known: ${nodePresetNames.join(", ")})`);
  }
  const gpu = spec.gpu ?? preset?.gpu;
  if (gpu === undefined) throw new RangeError(`${where}: a node group needs a preset or a gpu`);
  const catalog = gpuCatalog[gpu];
  if (!catalog) throw new RangeError(`${where}: unknown GPU "${gpu}"`);
  const base = preset ?? defaultPresetForGpu(gpu);
  const gpusPerNode = spec.gpusPerNode ?? base?.gpusPerNode ?? 1;
  positiveInteger(gpusPerNode, `${where}.gpusPerNode`);
  const scaledNics = base ? Math.max(1, Math.ceil((base.nicCount * gpusPerNode) / base.gpusPerNode)) : 1;
  const model: NodeModel = {
    preset: base?.name ?? null,
    gpu,
    gpusPerNode,
    nvlinkBytesPerS: spec.nvlinkBytesPerS ?? base?.nvlinkBytesPerS ?? catalog.nvlinkBytesPerS,
    pcieBytesPerS: spec.pcieBytesPerS ?? base?.pcieBytesPerS ?? catalog.pcieBytesPerS,
    nicCount: spec.nicCount ?? scaledNics,
    nicBytesPerS: spec.nicBytesPerS ?? base?.nicBytesPerS ?? GENERIC_NIC_BYTES_PER_S,
    collective: {
      alphaS: spec.collective?.alphaS ?? base?.collective.alphaS ?? genericCollectiveTuning.alphaS,
      efficiencyTiers:
        spec.collective?.efficiencyTiers ?? base?.collective.efficiencyTiers ?? genericCollectiveTuning.efficiencyTiers,
    },
  };
  positiveInteger(model.nicCount, `${where}.nicCount`);
  for (const [key, value] of [
    ["nvlinkBytesPerS", model.nvlinkBytesPerS],
    ["pcieBytesPerS", model.pcieBytesPerS],
    ["nicBytesPerS", model.nicBytesPerS],
    ["collective.alphaS", model.collective.alphaS],
  ] as const) {
    if (!(value >= 0 && Number.isFinite(value))) throw new RangeError(`${where}.${key}: must be a finite number >= 0, got ${value}`);
  }
  if (!(model.pcieBytesPerS > 0) || !(model.nicBytesPerS > 0)) throw new RangeError(`${where}: PCIe and NIC bandwidth must be > 0`);
  checkTiers(model.collective, where);
  return model;
}

function positiveInteger(value: number, where: string): void {
  if (!(Number.isInteger(value) && value >= 1)) throw new RangeError(`${where}: must be an integer >= 1, got ${value}`);
}

function checkTiers(tuning: CollectiveTuning, where: string): void {
  const tiers = tuning.efficiencyTiers;
  if (tiers.length === 0 || tiers[0]?.fromBytes !== 0) {
    throw new RangeError(`${where}.collective.efficiencyTiers: the first tier must start at fromBytes 0`);
  }
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i] as { fromBytes: number; efficiency: number };
    if (!(t.efficiency > 0 && t.efficiency <= 1)) {
      throw new RangeError(`${where}.collective.efficiencyTiers.${i}.efficiency: must be in (0, 1], got ${t.efficiency}`);
    }
    if (i > 0 && !(t.fromBytes > (tiers[i - 1] as { fromBytes: number }).fromBytes)) {
      throw new RangeError(`${where}.collective.efficiencyTiers.${i}.fromBytes: tiers must ascend`);
    }
  }
}
