import { pathToFileURL } from "node:url";
import type { Benchmark } from "./types.js";

/**
 * Every benchmark `npm run bench` runs, in order, each loaded only when selected: importing all
 * modules up front (the run path, reports, charts) doubled the heap the small core benchmarks
 * (phold, mmc) ran in. Add new modules here.
 */
export const benchmarkLoaders: readonly { readonly name: string; load(): Promise<Benchmark> }[] = [
  { name: "phold", load: async () => (await import("./phold.js")).phold },
  { name: "mmc-core", load: async () => (await import("./mmc.js")).mmcCore },
  { name: "mmc-run", load: async () => (await import("./mmc.js")).mmcRun },
  { name: "inference", load: async () => (await import("./inference.js")).inferenceBench },
  { name: "azure-conv-16", load: async () => (await import("./azure-conv.js")).azureConvBench },
  { name: "fleet-1k", load: async () => (await import("./fleet.js")).fleet1k },
  { name: "fleet-10k", load: async () => (await import("./fleet.js")).fleet10k },
  { name: "fleet-100k", load: async () => (await import("./fleet.js")).fleet100k },
  { name: "sweep-workers", load: async () => (await import("./sweep-workers.js")).sweepWorkers },
  { name: "openb-fill-fgd", load: async () => (await import("./openb-fill.js")).openbFillFgd },
];

/** Run the benchmarks whose names are given (all when none), printing one JSON line each. */
export async function runBenchmarks(names: readonly string[]): Promise<void> {
  const unknown = names.filter((n) => !benchmarkLoaders.some((b) => b.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(", ")}; valid: ${benchmarkLoaders.map((b) => b.name).join(", ")}\n`);
    process.exitCode = 2;
    return;
  }
  for (const loader of benchmarkLoaders) {
    if (names.length > 0 && !names.includes(loader.name)) continue;
    const benchmark = await loader.load();
    if (benchmark.name !== loader.name) throw new Error(`benchmark ${loader.name} loaded as ${benchmark.name}`);
    process.stdout.write(`${JSON.stringify(await benchmark.run())}\n`);
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) await runBenchmarks(process.argv.slice(2));
