import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requestColumns } from "../../src/metrics/request-metrics.js";
import { sloAttainmentChart } from "../../src/report/charts/slo-attainment.js";
import { tpotCdfChart } from "../../src/report/charts/tpot-cdf.js";
import { ttftCdfChart } from "../../src/report/charts/ttft-cdf.js";
import { CsvFileSink } from "../../src/report/csv-file.js";
import { readRunData } from "../../src/report/run-data.js";
import { compileMessages, makeRun } from "../report/report-fixture.js";
import { runFleet, serviceSpec } from "./harness.js";

describe("request charts", () => {
  it("are null for a run without requests.csv", async () => {
    const data = await readRunData(await makeRun());
    expect(data.requests).toBeNull();
    for (const chart of [ttftCdfChart, tpotCdfChart, sloAttainmentChart]) expect(chart.build(data)).toBeNull();
  });

  it("read requests.csv and compile with vega-lite", async () => {
    const dir = await makeRun();
    const scenarioFile = join(dir, "resolved-scenario.json");
    const scenario = JSON.parse(readFileSync(scenarioFile, "utf8")) as { workloads: unknown[]; horizon?: { warmupS?: number } };
    scenario.horizon = { ...scenario.horizon, warmupS: 0 };
    scenario.workloads.push({ kind: "inference", name: "chat", slo: { ttftS: 0.05, tpotS: 0.02 } }, { kind: "inference", name: "code", classes: [{ name: "default", slo: { ttftS: 0.2 } }] });
    writeFileSync(scenarioFile, JSON.stringify(scenario));
    const sink = new CsvFileSink(join(dir, "requests.csv"), [...requestColumns]);
    const run = runFleet(
      [serviceSpec({ count: 400, arrival: { process: "poisson", ratePerS: 40 } }), serviceSpec({ name: "code", count: 200, arrival: { process: "poisson", ratePerS: 20 }, promptTokens: 2000, outputTokens: 16 })],
      [{ count: 2, gpu: "H100-SXM", gpusPerNode: 1 }],
    );
    for (const row of run.rows) sink.write(requestColumns.map((c) => row[c]));
    sink.close();
    const data = await readRunData(dir);
    expect(data.requests?.rows).toBe(600);
    expect(data.requests?.services.map((s) => s.name)).toEqual(["chat", "code"]);
    expect(data.requests?.hasSlo).toBe(true);
    for (const chart of [ttftCdfChart, tpotCdfChart, sloAttainmentChart]) {
      const spec = chart.build(data);
      expect(spec, chart.name).not.toBeNull();
      expect(compileMessages(spec!)).toEqual([]);
    }
  });
});
