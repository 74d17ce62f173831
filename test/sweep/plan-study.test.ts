import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../src/messages.js";
import { gpuSpec } from "../../src/model/gpus.js";
import { parseTarget } from "../../src/sweep/plan.js";
import { gpuOverrides, parseGpuList } from "../../src/sweep/plan-gpus.js";
import { writePlanDir } from "../../src/sweep/plan-output.js";
import { type PlanStudy, runPlanStudy } from "../../src/sweep/plan-study.js";
import { repoRoot } from "../helpers.js";

const mmc = join(repoRoot, "scenarios", "mmc.yaml");
const options = {
  vary: "cluster.nodes.0.count",
  targets: [parseTarget("jobs.probWait<=0.35"), parseTarget("jobs.waitS.mean<=0.5")],
  min: 1,
  max: 16,
  seeds: 3,
  set: ["workloads.0.count=3000"],
};

/** Every candidate of a study, over all its searches. */
function allCandidates(study: PlanStudy) {
  return study.compareGpus === undefined ? study.candidates : study.compareGpus.flatMap((g) => g.candidates);
}

describe("plan study (plan.json)", () => {
  let single: PlanStudy;

  it("answer is the smallest candidate that meets every target, and the one below it misses", async () => {
    single = await runPlanStudy(mmc, options);
    expect(single.seeds).toEqual([7, 8, 9]);
    expect(single.candidates.length).toBeGreaterThanOrEqual(3);
    const meeting = single.candidates.filter((c) => c.meets).map((c) => c.value);
    expect(single.answer).toBe(Math.min(...meeting));
    const below = single.candidates.find((c) => c.value === (single.answer as number) - 1);
    expect(below?.meets).toBe(false);
    // Meeting is decided on the mean of every target.
    for (const c of single.candidates) {
      const onMeans = options.targets.every((t) => {
        const mean = c.metrics[t.path]?.mean ?? null;
        return mean !== null && mean <= t.value;
      });
      expect(c.meets).toBe(onMeans);
    }
  });

  it("every interval contains its mean, and meetsWithConfidence reads the interval's upper end", () => {
    for (const c of single.candidates) {
      for (const t of options.targets) {
        const m = c.metrics[t.path];
        expect(m?.n).toBe(3);
        if (m?.mean === null || m?.ciLow === null || m?.ciHigh === null || m === undefined) throw new Error(`no interval at ${c.value}`);
        expect(m.ciLow).toBeLessThanOrEqual(m.mean);
        expect(m.ciHigh).toBeGreaterThanOrEqual(m.mean);
        expect(m.meetsWithConfidence).toBe(m.ciHigh <= t.value);
      }
      expect(c.meetsWithConfidence).toBe(options.targets.every((t) => c.metrics[t.path]?.meetsWithConfidence === true));
    }
  });

  it("cost grows with the fleet: a month of the fleet at the GPU's hourly price", () => {
    const price = gpuSpec("H100-SXM").pricePerHour;
    const sorted = [...single.candidates].sort((a, b) => a.value - b.value);
    for (const [i, c] of sorted.entries()) {
      if (c.cost === null) throw new Error("no cost block");
      expect(c.cost.gpus).toBe(c.value);
      expect(c.cost.usdPerMonth).toBeCloseTo(c.value * price * 720, 2);
      expect(c.cost.usdPerGpuHour).toBeCloseTo(price, 6);
      expect(c.cost.fleetUsd).toBeCloseTo((c.value * price * c.cost.horizonS) / 3600, 2);
      if (i > 0) expect(c.cost.usdPerMonth).toBeGreaterThan((sorted[i - 1]?.cost?.usdPerMonth as number) + 1);
    }
  });

  it("--out writes plan.json, the chart and its spec atomically, and replaces only its own directory", async () => {
    const parent = mkdtempSync(join(tmpdir(), "gpufleet-plan-"));
    const out = join(parent, "plan");
    await writePlanDir(out, single);
    const json = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as PlanStudy;
    expect(json.answer).toBe(single.answer);
    expect(json.candidates).toEqual(single.candidates);
    expect(existsSync(join(out, ".gpufleet-run"))).toBe(true);
    const spec = JSON.parse(readFileSync(join(out, "charts", "plan.vl.json"), "utf8")) as { vconcat: { layer: { data: { values: Record<string, unknown>[] } }[] }[] };
    expect(spec.vconcat).toHaveLength(2);
    const [bars, line, target, answer] = spec.vconcat[0]?.layer ?? [];
    expect(line?.data.values).toHaveLength(single.candidates.length);
    expect(bars?.data.values.every((v) => (v.ciLow as number) <= (v.mean as number))).toBe(true);
    expect(target?.data.values).toEqual([{ target: 0.35, label: "target jobs.probWait<=0.35" }]);
    expect(answer?.data.values[0]).toMatchObject({ answer: single.answer });
    const svg = readFileSync(join(out, "charts", "plan.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain(`answer ${single.answer}`);
    // Our own directory is replaced whole; a directory gpufleet did not write is refused.
    writeFileSync(join(out, "stale.txt"), "x");
    await writePlanDir(out, single);
    expect(existsSync(join(out, "stale.txt"))).toBe(false);
    const foreign = join(parent, "mine");
    mkdirSync(foreign);
    await expect(writePlanDir(foreign, single)).rejects.toThrow(ScenarioError);
  });

  it("--compare-gpus searches each GPU type and picks the cheapest meeting fleet", async () => {
    const study = await runPlanStudy(mmc, { ...options, seeds: 2, compareGpus: ["H100-SXM", "A100-80G"] });
    expect(study.compareGpus?.map((g) => g.gpu)).toEqual(["H100-SXM", "A100-80G"]);
    for (const g of study.compareGpus ?? []) {
      expect(g.overrides).toContain(`cluster.nodes.0.gpu=${g.gpu}`);
      const at = g.candidates.find((c) => c.value === g.answer);
      expect(at?.meets).toBe(true);
      expect(g.usdPerMonth).toBe(at?.cost?.usdPerMonth);
      expect(at?.cost?.usdPerGpuHour).toBeCloseTo(gpuSpec(g.gpu).pricePerHour, 6);
    }
    const meeting = (study.compareGpus ?? []).filter((g) => g.usdPerMonth !== null);
    const cheapest = meeting.reduce((a, b) => ((b.usdPerMonth as number) < (a.usdPerMonth as number) ? b : a));
    expect(study.cheapest).toEqual({ gpu: cheapest.gpu, answer: cheapest.answer, usdPerMonth: cheapest.usdPerMonth });
    expect(study.gpu).toBe(cheapest.gpu);
    expect(study.candidates).toEqual(cheapest.candidates);
    expect(allCandidates(study).length).toBeGreaterThan(study.candidates.length);
  });

  it("GPU overrides follow the varied group into presets and services; bad names and non-group --vary are bad input", () => {
    const inference = join(repoRoot, "scenarios", "plan-inference.yaml");
    expect(gpuOverrides(inference, "cluster.nodes.0.count", [], "B200")).toEqual(["cluster.nodes.0.gpu=B200", "workloads.0.gpu=B200"]);
    const training = join(repoRoot, "scenarios", "plan-training.yaml");
    expect(gpuOverrides(training, "cluster.nodes.0.count", [], "H200")).toEqual(["cluster.nodes.0.preset=hgx-h200", "cluster.nodes.0.gpu=H200"]);
    expect(() => gpuOverrides(inference, "workloads.0.replicas.count", [], "H200")).toThrow(/--compare-gpus needs --vary on a node group's count/);
    expect(parseGpuList("H100-SXM, H200,B200")).toEqual(["H100-SXM", "H200", "B200"]);
    expect(() => parseGpuList("H100-SXM,H300")).toThrow(ScenarioError);
    expect(() => parseGpuList("H100-SXM,H300")).toThrow(/unknown GPU model "H300" \(known: .*B200/);
  });

  it("a target naming a metric the scenario lacks is bad input before any run", async () => {
    let evaluated = 0;
    const bad = { ...options, targets: [parseTarget("requests.ttftS.p99<=0.5")] };
    await expect(runPlanStudy(mmc, bad, () => evaluated++)).rejects.toThrow(/requests\.ttftS\.p99 is not a metric of this scenario's summary\.json/);
    await expect(runPlanStudy(mmc, { ...bad, compareGpus: ["H200"] }, () => evaluated++)).rejects.toThrow(ScenarioError);
    expect(evaluated).toBe(0);
  });
});
