import { beforeAll, describe, expect, it } from "vitest";
import { chooseXScale } from "../../src/report/charts/cdf-chart.js";
import { jobChartDefinitions as chartDefinitions } from "../../src/report/charts/registry.js";
import { formatDurationS } from "../../src/report/charts/theme.js";
import { type RunData, readRunData } from "../../src/report/run-data.js";
import { compileMessages, dataMarkCount, makeRun, renderWithWarnings } from "./report-fixture.js";

let data: RunData;
beforeAll(async () => {
  data = await readRunData(await makeRun());
});

describe("chart specs", () => {
  it("every chart is built for a job run, and names are unique kebab-case", () => {
    const names = chartDefinitions.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const chart of chartDefinitions) expect(chart.build(data), chart.name).not.toBeNull();
  });

  it.each(chartDefinitions.map((c) => [c.name, c] as const))("%s compiles with vega-lite and vega without warnings", (_name, chart) => {
    const spec = chart.build(data)!;
    expect(compileMessages(spec)).toEqual([]);
  });

  it.each(chartDefinitions.map((c) => [c.name, c] as const))("%s renders data marks without runtime warnings", async (_name, chart) => {
    const { svg, warnings } = await renderWithWarnings(chart.build(data)!);
    expect(warnings).toEqual([]);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(dataMarkCount(svg)).toBeGreaterThan(0);
  });

  it("the warning check itself catches warnings", () => {
    const bad = { mark: "bar", data: { values: [{ a: 1 }] }, encoding: { x: { field: "a", type: "quantitative" }, shape: { field: "a", type: "nominal" } } } as const;
    expect(compileMessages(bad).join("\n")).toMatch(/shape/i);
  });

  it("specs are pure: the same data gives the same spec", () => {
    for (const chart of chartDefinitions) expect(JSON.stringify(chart.build(data))).toBe(JSON.stringify(chart.build(data)));
  });

  it("titles name their unit", () => {
    for (const chart of chartDefinitions) {
      const spec = chart.build(data)!;
      const title = JSON.stringify(spec.title);
      expect(title, chart.name).toMatch(/\(|CDF/);
    }
  });
});

describe("optional data", () => {
  it("charts that need a missing file or column are skipped, the others still build", () => {
    const noTimeseries: RunData = { ...data, timeseries: null };
    const built = chartDefinitions.filter((c) => c.build(noTimeseries) !== null).map((c) => c.name);
    expect(built).not.toContain("gpu-allocation");
    expect(built).not.toContain("queue-length");
    expect(built).toContain("wait-cdf");
    const noJobs: RunData = { ...data, jobs: null };
    expect(chartDefinitions.filter((c) => c.build(noJobs) !== null).map((c) => c.name)).toEqual(["gpu-allocation", "queue-length"]);
  });

  it("the GPU chart draws busy GPUs only when timeseries.csv has busyGpus", () => {
    const ts = data.timeseries!;
    const allocated = ts.values.get("allocatedGpus")!;
    const without = new Map([...ts.values].filter(([column]) => column !== "busyGpus"));
    const withBusy = new Map([...without, ["busyGpus", allocated.map((v) => v / 2)]]);
    const spec = (values: Map<string, Float64Array>) =>
      JSON.stringify(chartDefinitions.find((c) => c.name === "gpu-allocation")!.build({ ...data, timeseries: { ...ts, columns: [...values.keys()], values } }));
    expect(spec(without)).not.toContain('"busy"');
    expect(spec(withBusy)).toContain('"busy"');
  });
});

describe("CDF x scale", () => {
  const sorted = (values: number[]) => Float64Array.from(values).sort();
  it("is linear for a narrow spread, log for a wide one, symlog when zeros and a wide spread mix", () => {
    expect(chooseXScale(sorted([10, 20, 30, 40, 50])).kind).toBe("linear");
    const wide = Array.from({ length: 1000 }, (_, i) => 10 ** (i / 200));
    expect(chooseXScale(sorted(wide)).kind).toBe("log");
    expect(chooseXScale(sorted([...new Array(900).fill(0), ...wide.slice(0, 500)])).kind).toBe("symlog");
    // Zeros beside a narrow positive range (1 to 3.2) read fine on a linear axis from 0.
    expect(chooseXScale(sorted([...new Array(900).fill(0), ...wide.slice(0, 100)])).kind).toBe("linear");
    expect(chooseXScale(sorted([0, 0, 0])).kind).toBe("linear");
  });
});

describe("formatDurationS", () => {
  it("picks a readable unit", () => {
    expect(formatDurationS(0)).toBe("0 s");
    expect(formatDurationS(42)).toBe("42 s");
    expect(formatDurationS(3600)).toBe("1 h");
    expect(formatDurationS(5400)).toBe("1.5 h");
    expect(formatDurationS(86400)).toBe("1 d");
    expect(formatDurationS(Number.NaN)).toBe("–");
  });
});
