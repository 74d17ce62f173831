/** `gpufleet policies --gpus`: the catalog table, one row per GPU, with the figures the cost model uses. */
import { describe, expect, it } from "vitest";
import { gpuCatalog } from "../../src/model/gpus.js";
import { runCli } from "./run-cli.js";

describe("gpufleet policies --gpus", () => {
  it("lists every catalog GPU with its architecture, bf16 peak and HBM bandwidth", () => {
    const result = runCli(["policies", "--gpus"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    const header = lines.find((l) => l.startsWith("gpu "));
    expect(header?.split(/\s{2,}/)).toEqual(["gpu", "architecture", "bf16 TFLOP/s", "HBM GiB", "HBM GB/s", "TDP W", "$/h"]);
    for (const g of Object.values(gpuCatalog)) {
      const row = lines.find((l) => l.startsWith(`${g.name} `))?.trim().split(/\s+/);
      expect(row?.[1]).toBe(g.architecture);
      expect(Number(row?.[2])).toBe(Math.round(g.peakFlopsPerS.bf16 / 1e12));
      expect(Number(row?.[4]?.replace(/,/g, ""))).toBe(Math.round(g.hbmBytesPerS / 1e9));
    }
  });
});
