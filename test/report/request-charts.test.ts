import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { axisDataOf, chooseAxisScale, LOG_SPREAD_RATIO } from "../../src/report/charts/axis-scale.js";
import { chartDefinitions, requestChartDefinitions } from "../../src/report/charts/registry.js";
import { attainmentAxisFloor } from "../../src/report/charts/slo-attainment.js";
import { formatPercent } from "../../src/report/figure-format.js";
import { type RunData, readRunData } from "../../src/report/run-data.js";
import { writeReport } from "../../src/report/write-report.js";
import { compileMessages, renderWithWarnings } from "./report-fixture.js";
import { runStudy, type StudyRun, studies } from "./study-fixtures.js";

describe("axis scale from the data's spread", () => {
  const positive = fc.array(fc.double({ min: 1e-6, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 200 });

  it("positive data: log exactly when max/min ≥ 100, linear otherwise", () => {
    fc.assert(
      fc.property(positive, (values) => {
        const spread = Math.max(...values) / Math.min(...values);
        expect(chooseAxisScale(axisDataOf(values)).kind).toBe(spread >= LOG_SPREAD_RATIO ? "log" : "linear");
      }),
    );
  });

  it("data with zeros: symlog when max / smallest positive ≥ 100, linear otherwise; a log domain covers the data", () => {
    fc.assert(
      fc.property(positive, fc.integer({ min: 1, max: 50 }), (values, zeros) => {
        const all = [...new Array<number>(zeros).fill(0), ...values];
        const scale = chooseAxisScale(axisDataOf(all));
        const spread = Math.max(...values) / Math.min(...values);
        expect(scale.kind).toBe(spread >= LOG_SPREAD_RATIO ? "symlog" : "linear");
      }),
    );
    fc.assert(
      fc.property(positive, (values) => {
        const scale = chooseAxisScale(axisDataOf(values));
        if (scale.kind === "log") {
          expect(scale.lo).toBeLessThanOrEqual(Math.min(...values));
          expect(scale.hi).toBeGreaterThanOrEqual(Math.max(...values));
        }
      }),
    );
  });

  it("TTFT from 5 ms to 6 s (p99 0.27 s) gets a log axis, not a linear one to the maximum", () => {
    const ttft = [...Array.from({ length: 990 }, (_, i) => 0.005 + (0.265 * i) / 990), 0.27, 1, 2, 6];
    expect(chooseAxisScale(axisDataOf(ttft)).kind).toBe("log");
  });

  it("the SLO attainment axis zooms to the data", () => {
    expect(attainmentAxisFloor(0.978)).toBe(0.97);
    expect(attainmentAxisFloor(0.999)).toBeGreaterThan(0.99);
    expect(attainmentAxisFloor(0.5)).toBe(0.2);
    expect(attainmentAxisFloor(0)).toBe(0);
    for (const lowest of [0, 0.3, 0.9, 0.97, 0.995, 1]) expect(attainmentAxisFloor(lowest)).toBeLessThan(lowest === 0 ? 1e-9 : lowest);
  });
});

describe("charts of an inference run", () => {
  let run: StudyRun;
  let data: RunData;
  beforeAll(async () => {
    run = await runStudy(studies.inference, { report: false });
    data = await readRunData(run.dir);
  }, 120_000);

  const spec = (name: string) => JSON.parse(JSON.stringify(chartDefinitions.find((c) => c.name === name)!.build(data)));

  it("every request chart builds, compiles and renders without warnings", async () => {
    for (const chart of requestChartDefinitions) {
      const built = chart.build(data);
      expect(built, chart.name).not.toBeNull();
      expect(compileMessages(built!), chart.name).toEqual([]);
      expect((await renderWithWarnings(built!)).warnings, chart.name).toEqual([]);
    }
  });

  it("TTFT and TPOT CDFs draw each service's SLO target as a dashed rule in its colour, and n in every legend entry", () => {
    const r = run.summary.requests!;
    for (const [name, targets] of [
      ["ttft-cdf", { chat: 0.2, big: 2 }],
      ["tpot-cdf", { chat: 0.03, big: 0.08 }],
    ] as const) {
      const s = spec(name);
      const rules = s.layer[1];
      expect(rules.mark.type, name).toBe("rule");
      const byService = Object.fromEntries(rules.data.values.map((v: { series: string; x: number }) => [v.series.replace(/ \(n=.*$/, ""), v.x]));
      expect(byService, name).toEqual(targets);
      const domain: string[] = s.layer[0].encoding.color.scale.domain;
      for (const label of domain) expect(label, name).toMatch(/ \(n=[\d,]+\)$/);
      expect(domain[0]).toBe(`all requests (n=${(name === "ttft-cdf" ? r.ttftS.count : r.tpotS.count).toLocaleString("en-US")})`);
    }
  });

  it("the latency axes are the helper's choice for the data and the targets", () => {
    const ttft = data.requests!.services.flatMap((s) => [...s.ttftS]);
    const expected = chooseAxisScale(axisDataOf([...ttft, 0.2, 2]));
    const x = spec("ttft-cdf").layer[0].encoding.x.scale;
    expect(expected.kind === "linear" ? "linear" : x.type).toBe(expected.kind === "linear" ? "linear" : expected.kind);
  });

  it("SLO attainment: a zoomed axis, the whole-run attainment of each service from summary.json", () => {
    const s = spec("slo-attainment");
    const lowest = Math.min(...s.layer[0].data.values.map((v: { attainment: number }) => v.attainment));
    expect(s.layer[0].encoding.y.scale.domain).toEqual([attainmentAxisFloor(Math.min(lowest, ...s.layer[1].data.values.map((v: { attainment: number }) => v.attainment))), 1]);
    expect(s.layer[1].data.values.map((v: { attainment: number }) => v.attainment)).toEqual([run.summary.requests!.services.chat!.sloAttainment, run.summary.requests!.services.big!.sloAttainment]);
    expect(JSON.stringify(s.title)).toContain(`chat ${formatPercent(run.summary.requests!.services.chat!.sloAttainment)}`);
  });

  it("replicas, request queue and KV utilization over time come from timeseries.csv", () => {
    const columns = { "inference-replicas": ["replicas serving"], "request-queue": ["queued", "running"], "kv-utilization": ["KV cache in use"] } as const;
    for (const [name, labels] of Object.entries(columns)) {
      const s = spec(name);
      expect(s.encoding.color.scale.domain, name).toEqual(labels);
      expect(s.data.values.length, name).toBeGreaterThan(0);
    }
  });

  it("writes charts/<name>.vl.json beside each SVG: parseable, pretty-printed, the spec the SVG was drawn from", async () => {
    const result = await writeReport(run.dir);
    expect(result.specs.length).toBe(result.charts.length);
    expect(result.specs.length).toBeGreaterThanOrEqual(requestChartDefinitions.length);
    for (const file of result.specs) {
      const name = file.slice(file.lastIndexOf("/") + 1, -".vl.json".length);
      expect(existsSync(join(run.dir, "charts", `${name}.svg`)), name).toBe(true);
      const text = readFileSync(file, "utf8");
      expect(text.startsWith("{\n  ")).toBe(true);
      expect(JSON.parse(text), name).toEqual(spec(name));
    }
    const again = await writeReport(run.dir);
    expect(again.specs.map((f) => readFileSync(f, "utf8"))).toEqual(result.specs.map((f) => readFileSync(f, "utf8")));
  });

  it("report.html states the gpufleet version, scenario hash and command line", async () => {
    await writeReport(run.dir);
    const html = readFileSync(join(run.dir, "report.html"), "utf8");
    const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
    expect(html).toContain(`<th scope="row">gpufleet version</th><td>${version}</td>`);
    expect(html).toMatch(/<th scope="row">Scenario hash<\/th><td>[0-9a-f]{12} /);
    expect(html).toContain(`<th scope="row">Command line</th><td>library</td>`);
    expect(html).toContain(`<th colspan="2" scope="rowgroup">Requests</th>`);
  });
});
