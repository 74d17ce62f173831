import { beforeAll, describe, expect, it } from "vitest";
import { allocationSplitChart } from "../../src/report/charts/allocation-split.js";
import type { ChartDefinition } from "../../src/report/charts/chart-definition.js";
import { failureTimelineChart } from "../../src/report/charts/failure-timeline.js";
import { chartDefinitions } from "../../src/report/charts/registry.js";
import { tenantGpuHoursChart } from "../../src/report/charts/tenant-gpu-hours.js";
import { tenantUsageChart } from "../../src/report/charts/tenant-usage.js";
import { type RunData, readRunData } from "../../src/report/run-data.js";
import { round } from "../../src/metrics/stats.js";
import { compileMessages, dataMarkCount, makeRun, renderWithWarnings } from "./report-fixture.js";

/** Two racks of two 4-GPU nodes; H100 and A100 nodes; tenants with quotas; a service and jobs; GPU and node failures. */
const studyDocument = {
  name: "study",
  seed: 9,
  horizon: { durationS: 20_000 },
  cluster: {
    topology: {
      regions: [
        {
          name: "dc",
          racks: [
            { name: "h", count: 2, nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 4 }] },
            { name: "a", count: 1, nodes: [{ count: 2, gpu: "A100-80G", gpusPerNode: 4 }] },
          ],
        },
      ],
    },
  },
  tenants: [
    { name: "research", quotaGpus: 8, borrowing: true },
    { name: "product", quotaGpus: 12 },
  ],
  workloads: [
    {
      kind: "inference",
      name: "chat",
      tenant: "product",
      model: "llama-3-8b",
      gpu: "H100-SXM",
      replicas: { count: 2, tensorParallel: 2 },
      arrival: { process: "poisson", ratePerS: 1 },
      promptTokens: 200,
      outputTokens: 20,
    },
    { kind: "jobs", name: "sweeps", tenant: "research", arrival: { process: "poisson", ratePerS: 0.01 }, gpus: { dist: "choice", values: [1, 2, 4] }, durationS: { dist: "exponential", mean: 1500 } },
    { kind: "jobs", name: "tune", tenant: "product", arrival: { process: "poisson", ratePerS: 0.002 }, gpus: 4, durationS: 3000 },
  ],
  failures: [
    { target: "gpu", timeToFailureS: { dist: "exponential", mean: 100_000 }, repairS: { dist: "exponential", mean: 2000 } },
    { at: 5000, target: "node", id: "h0-node0", repairS: 3000 },
  ],
  report: { sampleIntervalS: 100 },
};

/** One 4-GPU node, one job workload: none of the study charts applies. */
const plainDocument = {
  name: "plain",
  seed: 1,
  cluster: { nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 4 }] },
  workloads: [{ kind: "jobs", name: "q", count: 50, arrival: { process: "poisson", ratePerS: 0.05 }, gpus: 1, durationS: { dist: "exponential", mean: 40 } }],
};

const studyCharts: readonly ChartDefinition[] = [failureTimelineChart, tenantUsageChart, allocationSplitChart];

let study: RunData;
let plain: RunData;
beforeAll(async () => {
  study = await readRunData(await makeRun(studyDocument));
  plain = await readRunData(await makeRun(plainDocument));
}, 120_000);

describe("study charts (failures, tenant usage, allocation split)", () => {
  it("are in the report's registry", () => {
    for (const chart of [...studyCharts, tenantGpuHoursChart]) expect(chartDefinitions).toContain(chart);
  });

  it.each(studyCharts.map((c) => [c.name, c] as const))("%s is drawn for a run with its data, compiles and renders without warnings", async (_name, chart) => {
    const spec = chart.build(study);
    expect(spec).not.toBeNull();
    expect(compileMessages(spec!)).toEqual([]);
    const { svg, warnings } = await renderWithWarnings(spec!);
    expect(warnings).toEqual([]);
    expect(dataMarkCount(svg)).toBeGreaterThan(0);
    // n in every legend.
    expect(JSON.stringify(spec)).toMatch(/n = \d|quota \d/);
  });

  it("are absent exactly when the data is: no failures.csv, no tenants, one GPU type and one kind of work", () => {
    expect(plain.failures).toBeNull();
    for (const chart of studyCharts) expect(chart.build(plain), chart.name).toBeNull();
    expect(study.failures).not.toBeNull();
    expect(failureTimelineChart.build({ ...study, failures: null })).toBeNull();
    expect(tenantUsageChart.build({ ...study, timeseries: null })).toBeNull();
  });

  it("failures.csv as read for the chart adds up to the summary's failures block", () => {
    const block = study.summary.raw.failures as { events: Record<string, number>; lostGpuHours: number; reexecutedGpuHours: number; interruptions: number };
    const f = study.failures!;
    expect(f.failsByKind).toEqual(block.events);
    expect(round(f.downGpuHours)).toBe(block.lostGpuHours);
    expect(round(f.reexecutedGpuHours)).toBe(block.reexecutedGpuHours);
    expect(f.interruptions).toBe(block.interruptions);
  });

  it("the tenant GPU-hours chart counts replicas and agrees with the gpus block's allocated fraction", () => {
    const spec = tenantGpuHoursChart.build(study) as unknown as { data: { values: { tenant: string; workload: string; gpuHours: number }[] } };
    const values = spec.data.values;
    expect(values.some((v) => v.workload === "chat" && v.tenant === "product" && v.gpuHours > 0)).toBe(true);
    const totalHours = values.reduce((s, v) => s + v.gpuHours, 0);
    const capacityHours = (study.summary.gpus!.total * study.summary.simulatedS) / 3600;
    expect(totalHours / capacityHours).toBeCloseTo(study.summary.gpus!.allocatedFraction!, 4);
  });

  it("the allocation split has a panel by GPU type and one by kind, each naming its n", () => {
    const spec = allocationSplitChart.build(study) as unknown as { vconcat: { encoding: { color: { scale: { domain: string[] } } } }[] };
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat[0]!.encoding.color.scale.domain.join(" ")).toMatch(/H100-SXM \(n = 16 GPUs.*A100-80G \(n = 8 GPUs/);
    expect(spec.vconcat[1]!.encoding.color.scale.domain.join(" ")).toMatch(/jobs \(n = 2 workloads.*inference replicas \(n = 1 services/);
  });
});
