import type { CommandModule } from "yargs";
import { gpuCatalog } from "../../model/gpus.js";
import { policyRegistry } from "../../policies/registry.js";
import { formatNumber, formatTable } from "../format-table.js";

/** `gpufleet policies`: list every registered policy with its description (and the GPU catalog). */
export const policiesCommand: CommandModule<object, { gpus: boolean }> = {
  command: "policies",
  describe: "List the scheduling policies (and, with --gpus, the GPU catalog)",
  builder: (y) => y.option("gpus", { type: "boolean", default: false, describe: "Also list the GPU catalog" }),
  handler: (args) => {
    const out: string[] = [];
    const field: Record<string, string> = {
      queue: "scheduler.queue",
      placement: "scheduler.placement",
      backfill: "scheduler.backfill",
      router: "router of an inference workload",
      autoscaler: "autoscaler.policy of an inference workload",
    };
    const width = Math.max(...Object.values(policyRegistry).flatMap((p) => Object.values(p).map((x) => x.name.length))) + 2;
    for (const [family, policies] of Object.entries(policyRegistry)) {
      out.push(`${family} (${field[family] ?? family}):`);
      for (const policy of Object.values(policies)) out.push(`  ${policy.name.padEnd(width)}${policy.description}`);
      out.push("");
    }
    out.push("scheduler.queue, .placement and .backfill may also name a .js/.mjs module that exports such an object (default export or `policy`).");
    if (args.gpus) {
      const rows = Object.values(gpuCatalog).map((g) => [
        g.name,
        g.architecture,
        formatNumber(g.peakFlopsPerS.bf16 / 1e12, 0),
        formatNumber(g.hbmBytes / 2 ** 30, 0),
        formatNumber(g.hbmBytesPerS / 1e9, 0),
        String(g.tdpWatts),
        formatNumber(g.pricePerHour, 2),
      ]);
      out.push("", formatTable(["gpu", "architecture", "bf16 TFLOP/s", "HBM GiB", "HBM GB/s", "TDP W", "$/h"], rows));
    }
    process.stdout.write(`${out.join("\n")}\n`);
  },
};
