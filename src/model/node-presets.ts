/**
 * Node presets: GPU model and count, intra-node and NIC bandwidths, and the collective tuning
 * (per-step latency α and bus-bandwidth efficiency) that the network model applies.
 *
 * Units: bytes/s per direction unless a name says otherwise; 1 Gb/s = 0.125e9 bytes/s.
 * NVLink numbers are per GPU: NVLink 4 (H100/H200) 18 links × 25 GB/s per direction = 450 GB/s
 * per direction (900 GB/s total); NVLink 3 (A100) 12 × 25 = 300 GB/s per direction (600 total);
 * NVLink 5 (B200) 18 × 50 = 900 GB/s per direction (1.8 TB/s total). The GPU catalog holds the totals.
 *
 * Collective tuning. The ring all-reduce time is t = 2(n−1)·α + 2(n−1)/n · S/(eff(S)·B), B the
 * bottleneck link bandwidth per direction. eff(S) is a step function of the message size S:
 * NCCL uses more channels (rings) and a different protocol for large messages, so its bus
 * bandwidth rises in steps. dgx-h100 and dgx-a100 are fitted to the measured NCCL all-reduce
 * medians (8 GPUs, one node, 1–64 MiB) from microsoft/vidur `data/profiling/network/`
 * (see test/model/network/nccl-reference.test.ts for the table): the fit keeps every power-of-two
 * size within 9 % and maximizes the share of all measured sizes within 10 %. The other presets
 * have no measurement at hand: their tuning is an assumption, stated at the preset.
 */
import type { GpuName } from "./gpus.js";

const Gbps = 0.125e9;
const GBps = 1e9;
const MiB = 2 ** 20;

/** Fraction of the bottleneck bandwidth a collective reaches, from a message size upwards. */
export interface EfficiencyTier {
  /** Smallest message size (bytes) the tier applies to; the first tier starts at 0. */
  fromBytes: number;
  /** Bus-bandwidth efficiency in (0, 1]. */
  efficiency: number;
}

/** Collective cost parameters (the α and efficiency of the ring/tree formulas). */
export interface CollectiveTuning {
  /** Latency per collective step in seconds (kernel launch, synchronization; not wire latency). */
  alphaS: number;
  /** Efficiency tiers by message size, ascending `fromBytes`, first at 0. */
  efficiencyTiers: readonly EfficiencyTier[];
}

/** A node model. */
export interface NodePreset {
  /** Preset name as scenarios write it. */
  name: string;
  /** One-line description with the source. */
  description: string;
  /** GPU model. */
  gpu: GpuName;
  /** GPUs per node. */
  gpusPerNode: number;
  /** Total NVLink bandwidth per GPU (both directions) through NVSwitch; 0 for PCIe-only nodes. */
  nvlinkBytesPerS: number;
  /** PCIe bandwidth per GPU per direction. */
  pcieBytesPerS: number;
  /** NICs on the cluster (compute) fabric; storage/management NICs are not modeled. */
  nicCount: number;
  /** Bandwidth of one NIC per direction. */
  nicBytesPerS: number;
  /** Collective tuning. */
  collective: CollectiveTuning;
}

/** Fitted to vidur's DGX H100 NCCL all-reduce medians (α 2.05 µs; eff 0.685 below 24 MiB, 0.815 from 24 MiB). */
const H100_TUNING: CollectiveTuning = {
  alphaS: 2.05e-6,
  efficiencyTiers: [
    { fromBytes: 0, efficiency: 0.685 },
    { fromBytes: 24 * MiB, efficiency: 0.815 },
  ],
};

/** Fitted to vidur's DGX A100 NCCL all-reduce medians (α 3.5 µs; eff 0.48 below 28 MiB, 0.575 from 28 MiB). */
const A100_TUNING: CollectiveTuning = {
  alphaS: 3.5e-6,
  efficiencyTiers: [
    { fromBytes: 0, efficiency: 0.48 },
    { fromBytes: 28 * MiB, efficiency: 0.575 },
  ],
};

/** Assumption for PCIe-only nodes (no measurement at hand): α 8 µs, 70 % of the PCIe link. */
const PCIE_TUNING: CollectiveTuning = { alphaS: 8e-6, efficiencyTiers: [{ fromBytes: 0, efficiency: 0.7 }] };

/**
 * Fraction of a NIC's line rate NCCL's network transport reaches on the inter-node edges of a ring
 * (large messages; smaller messages scale down with the node's efficiency tiers). The efficiency
 * tiers above are NVLink's (NCCL's Simple protocol loses about 20 % there: 370 of 450 GB/s, NVIDIA's
 * S. Jeaugey in NVIDIA/nccl-tests#212); on InfiniBand the loss is smaller. Published ring all-reduce
 * bus bandwidths of 8 x 400 Gb/s H100 nodes: "up to ~396 GB/s", 48 GB/s per ConnectX-7 (NVIDIA's
 * A. Ladd, NVIDIA/nccl-tests#319, 2 and 4 HGX nodes); 365.8 GB/s on 4 nodes (NVIDIA/nccl-tests#309);
 * 330.9 GB/s on 4 nodes (Voltage Park / AI@GT benchmark suite, NCCL 2.24, aigatech/vpbenchmarking).
 * 0.9 of 8 x 50 GB/s = 360 GB/s sits within 10 % of all three (test/model/network/nccl-internode.test.ts).
 */
export const NIC_EFFICIENCY = 0.9;

/** Assumption for GPUs without a preset: α 5 µs, 70 % efficiency. */
export const genericCollectiveTuning: CollectiveTuning = {
  alphaS: 5e-6,
  efficiencyTiers: [{ fromBytes: 0, efficiency: 0.7 }],
};

/** The presets, keyed by name. */
export const nodePresets = {
  // NVIDIA DGX H100 data sheet / user guide: 8× H100 SXM5, 4× NVSwitch (900 GB/s NVLink per GPU),
  // 8× single-port ConnectX-7 400 Gb/s (OSFP, InfiniBand NDR) for the compute fabric, PCIe Gen5.
  "dgx-h100": {
    name: "dgx-h100", description: "NVIDIA DGX H100: 8× H100-SXM, NVSwitch, 8× ConnectX-7 400 Gb/s",
    gpu: "H100-SXM", gpusPerNode: 8, nvlinkBytesPerS: 900 * GBps, pcieBytesPerS: 64 * GBps,
    nicCount: 8, nicBytesPerS: 400 * Gbps, collective: H100_TUNING,
  },
  // NVIDIA DGX A100 data sheet: 8× A100 80 GB SXM4, 6× NVSwitch (600 GB/s NVLink per GPU),
  // 8× single-port ConnectX-6 VPI 200 Gb/s HDR InfiniBand for the compute fabric, PCIe Gen4.
  "dgx-a100": {
    name: "dgx-a100", description: "NVIDIA DGX A100: 8× A100-80G, NVSwitch, 8× ConnectX-6 200 Gb/s",
    gpu: "A100-80G", gpusPerNode: 8, nvlinkBytesPerS: 600 * GBps, pcieBytesPerS: 32 * GBps,
    nicCount: 8, nicBytesPerS: 200 * Gbps, collective: A100_TUNING,
  },
  // NVIDIA HGX H200 / DGX H200 data sheet: 8× H200, NVLink 4 via NVSwitch (900 GB/s per GPU),
  // 8× ConnectX-7 400 Gb/s. Tuning: assumed equal to the fitted dgx-h100 (same NVLink/NVSwitch generation).
  "hgx-h200": {
    name: "hgx-h200", description: "NVIDIA HGX H200: 8× H200, NVSwitch, 8× 400 Gb/s",
    gpu: "H200", gpusPerNode: 8, nvlinkBytesPerS: 900 * GBps, pcieBytesPerS: 64 * GBps,
    nicCount: 8, nicBytesPerS: 400 * Gbps, collective: H100_TUNING,
  },
  // NVIDIA DGX B200 data sheet (HGX B200 board): 8× B200, 2× NVLink 5 switch (1.8 TB/s per GPU),
  // 8× single-port ConnectX-7 VPI up to 400 Gb/s, PCIe Gen5. Tuning: assumed equal to dgx-h100
  // (no B200 measurement at hand).
  "hgx-b200": {
    name: "hgx-b200", description: "NVIDIA HGX B200: 8× B200, NVLink 5 switch, 8× 400 Gb/s",
    gpu: "B200", gpusPerNode: 8, nvlinkBytesPerS: 1800 * GBps, pcieBytesPerS: 64 * GBps,
    nicCount: 8, nicBytesPerS: 400 * Gbps, collective: H100_TUNING,
  },
  // Google Cloud G2 machine series, g2-standard-96: 8× NVIDIA L4 on PCIe Gen4 x16 (32 GB/s per
  // direction), no NVLink, 100 Gb/s default network bandwidth (modeled as one 100 Gb/s NIC).
  "pcie-l4": {
    name: "pcie-l4", description: "8× L4 on PCIe Gen4 (GCP g2-standard-96), one 100 Gb/s NIC",
    gpu: "L4", gpusPerNode: 8, nvlinkBytesPerS: 0, pcieBytesPerS: 32 * GBps,
    nicCount: 1, nicBytesPerS: 100 * Gbps, collective: PCIE_TUNING,
  },
} satisfies Record<string, NodePreset>;

/** A preset name. */
export type NodePresetName = keyof typeof nodePresets;

/** Every preset name. */
export const nodePresetNames = Object.keys(nodePresets) as NodePresetName[];

/** Look up a preset by name; undefined when unknown. */
export function nodePreset(name: string): NodePreset | undefined {
  return (nodePresets as Record<string, NodePreset>)[name];
}

/** The preset a bare `gpu:` inherits NICs and tuning from (the first preset with that GPU). */
export function defaultPresetForGpu(gpu: GpuName): NodePreset | undefined {
  return Object.values(nodePresets as Record<string, NodePreset>).find((p) => p.gpu === gpu);
}

/** Efficiency for a message of `bytes` (the last tier whose `fromBytes` ≤ bytes). */
export function busBwEfficiency(tuning: CollectiveTuning, bytes: number): number {
  let eff = tuning.efficiencyTiers[0]?.efficiency ?? 1;
  for (const tier of tuning.efficiencyTiers) if (bytes >= tier.fromBytes) eff = tier.efficiency;
  return eff;
}
