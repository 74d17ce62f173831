import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatPercent, keyFigures } from "../../src/report/key-figures.js";
import { readRunData } from "../../src/report/run-data.js";

describe("report key figures: percentages", () => {
  it("show 4 significant digits: availability 0.99961 is 99.96 %, not 100.0 %", () => {
    expect(formatPercent(0.99961)).toBe("99.96 %");
    expect(formatPercent(0.732054016)).toBe("73.21 %");
    expect(formatPercent(0.5)).toBe("50.00 %");
    expect(formatPercent(0.00012345)).toBe("0.01234 %");
    expect(formatPercent(null)).toBe("–");
  });

  it("never round a value below 1 up to 100 % or a value above 0 down to 0 %", () => {
    expect(formatPercent(0.999996)).toBe("99.9996 %");
    expect(formatPercent(1)).toBe("100.0 %");
    expect(formatPercent(0)).toBe("0.000 %");
    expect(formatPercent(1e-7)).toBe("0.00001000 %");
  });

  it("the report header's failures row carries the 4-digit availability", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gpufleet-keyfig-"));
    const summary = { scenario: "avail", seed: 1, simulatedS: 3600, events: 10, failures: { interruptions: 2, availability: 0.99961, goodput: 0.98765 } };
    writeFileSync(join(dir, "summary.json"), JSON.stringify(summary));
    const rows = keyFigures(await readRunData(dir));
    expect(rows.find((r) => r.label === "Failures")?.value).toBe("2 interruptions · availability 99.96 % · goodput 98.77 %");
  });
});
