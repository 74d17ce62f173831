/**
 * Validates the ring all-reduce model (α and efficiency of the dgx-h100 / dgx-a100 presets)
 * against measured NCCL all-reduce times on 8 GPUs in one DGX node (microsoft/vidur profiling
 * data, in ../shared/reference relative to the repository root). Skips, saying so, when absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../../src/engine/simulation.js";
import { startCollective } from "../../../src/model/network/collectives.js";
import { Network } from "../../../src/model/network/network.js";
import { buildFlatTopology } from "../../../src/model/topology.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const referenceDir = resolve(repoRoot, "../shared/reference");
const MiB = 2 ** 20;

interface Row {
  bytes: number;
  medianS: number;
}

function readRows(file: string): Row[] {
  const [header, ...lines] = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const cols = (header ?? "").split(",");
  const at = (name: string): number => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column ${name}`);
    return i;
  };
  const [median, workers, size, perNode] = [
    at("time_stats.all_reduce.median"),
    at("num_workers"),
    at("size"),
    at("devices_per_node"),
  ];
  return lines
    .map((line) => line.split(","))
    .filter((f) => f[workers] === "8" && f[perNode] === "8" && Number(f[size]) >= MiB)
    .map((f) => ({ bytes: Number(f[size]), medianS: Number(f[median]) / 1e3 }));
}

function modelTimeS(preset: "dgx-h100" | "dgx-a100", bytes: number): number {
  const sim = new Simulation();
  const network = new Network(sim, buildFlatTopology([{ count: 1, preset }]));
  const run = startCollective(network, { kind: "all-reduce-ring", gpus: [0, 1, 2, 3, 4, 5, 6, 7], bytes });
  sim.run();
  return run.durationS;
}

function medianOf(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
}

for (const [gpu, preset] of [["h100", "dgx-h100"], ["a100", "dgx-a100"]] as const) {
  const file = resolve(referenceDir, `vidur_${gpu}_dgx_all_reduce.csv`);
  const present = existsSync(file);
  const title = present
    ? `NCCL all-reduce reference, 8×${gpu.toUpperCase()} (${preset})`
    : `NCCL all-reduce reference, 8×${gpu.toUpperCase()}: SKIPPED, ${file} not found`;
  describe.skipIf(!present)(title, () => {
    const rows = present ? readRows(file) : [];

    it("every power-of-two size from 1 MiB to 64 MiB is within 10 % of the measured median", () => {
      const table: { sizeMiB: number; measuredMs: number; modelMs: number; errorPct: number }[] = [];
      for (let bytes = MiB; bytes <= 64 * MiB; bytes *= 2) {
        const measured = medianOf(rows.filter((r) => r.bytes === bytes).map((r) => r.medianS));
        const model = modelTimeS(preset, bytes);
        table.push({
          sizeMiB: bytes / MiB,
          measuredMs: +(measured * 1e3).toFixed(4),
          modelMs: +(model * 1e3).toFixed(4),
          errorPct: +((100 * (model - measured)) / measured).toFixed(1),
        });
      }
      console.log(`${preset} ring all-reduce, 8 GPUs:\n${table.map((r) => JSON.stringify(r)).join("\n")}`);
      expect(table).toHaveLength(7);
      for (const row of table) expect(Math.abs(row.errorPct), `${row.sizeMiB} MiB`).toBeLessThanOrEqual(10);
    });

    it("at least 95 % of all measured sizes ≥ 1 MiB are within 10 %", () => {
      const errors = rows.map((r) => Math.abs(modelTimeS(preset, r.bytes) / r.medianS - 1));
      const within = errors.filter((e) => e <= 0.1).length / errors.length;
      const sorted = [...errors].sort((a, b) => a - b);
      console.log(
        `${preset}: ${errors.length} rows ≥ 1 MiB, ${(100 * within).toFixed(1)} % within 10 %, ` +
          `median |error| ${(100 * medianOf(errors)).toFixed(1)} %, max ${(100 * (sorted.at(-1) ?? 0)).toFixed(1)} %`,
      );
      expect(errors.length).toBeGreaterThan(500);
      expect(within).toBeGreaterThanOrEqual(0.95);
    });
  });
}
