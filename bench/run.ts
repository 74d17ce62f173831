import { pathToFileURL } from "node:url";
import { fleet100k, fleet10k, fleet1k } from "./fleet.js";
import { azureConvBench } from "./azure-conv.js";
import { inferenceBench } from "./inference.js";
import { mmcCore, mmcRun } from "./mmc.js";
import { openbFillFgd } from "./openb-fill.js";
import { phold } from "./phold.js";
import { sweepWorkers } from "./sweep-workers.js";
import type { Benchmark } from "./types.js";

/** Every benchmark `npm run bench` runs, in order; add new modules here. */
export const benchmarks: readonly Benchmark[] = [phold, mmcCore, mmcRun, inferenceBench, azureConvBench, fleet1k, fleet10k, fleet100k, sweepWorkers, openbFillFgd];

/** Run the benchmarks whose names are given (all when none), printing one JSON line each. */
export async function runBenchmarks(names: readonly string[]): Promise<void> {
  const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(", ")}; valid: ${benchmarks.map((b) => b.name).join(", ")}\n`);
    process.exitCode = 2;
    return;
  }
  for (const benchmark of benchmarks) {
    if (names.length > 0 && !names.includes(benchmark.name)) continue;
    process.stdout.write(`${JSON.stringify(await benchmark.run())}\n`);
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) await runBenchmarks(process.argv.slice(2));
