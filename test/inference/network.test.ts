import { describe, expect, it } from "vitest";
import { defaultLlmCostOptions, llmIterationCost } from "../../src/cost/llm-iteration.js";
import { Simulation } from "../../src/engine/simulation.js";
import { gpuSpec } from "../../src/model/gpus.js";
import { ringAllReduceTimeS } from "../../src/model/network/collective-formulas.js";
import { Network } from "../../src/model/network/network.js";
import { buildFlatTopology } from "../../src/model/topology.js";
import { TensorParallelLinks } from "../../src/sim/inference/tp-links.js";
import { modelCatalog } from "../../src/workload/models.js";
import { MemorySink, repoRoot, runInMemory, scenarioFrom } from "../helpers.js";
import { resolvePolicies } from "../../src/run/resolve-policies.js";
import { simulate, type SimulationSummary } from "../../src/sim/simulate.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { type InferenceWorkload, toInferenceService } from "../../src/scenario/inference-schema.js";
import { runFleet } from "./harness.js";

/** Issue 13 item 4: tensor-parallel all-reduces and cross-region requests on the flow network. */

const H100 = gpuSpec("H100-SXM");

describe("tensor-parallel all-reduce bandwidth from the network", () => {
  it("alone on its links, a ring edge gets the node's NVLink share and the all-reduce is the ring formula on it", () => {
    const sim = new Simulation();
    const network = new Network(sim, buildFlatTopology([{ count: 1, gpu: "H100-SXM", gpusPerNode: 8 }]));
    const links = new TensorParallelLinks(network, [0, 1, 2, 3]);
    expect(links.edgeBytesPerS()).toBe(H100.nvlinkBytesPerS / 2);
    const model = modelCatalog["llama-3-70b"];
    const cost = llmIterationCost(model, { ...H100, nvlinkBytesPerS: 2 * links.edgeBytesPerS() }, 4, defaultLlmCostOptions);
    const tokens = 64;
    const ring = ringAllReduceTimeS(4, tokens * model.hiddenSize * model.bytesPerParameter, defaultLlmCostOptions.allReduceLatencyS, H100.nvlinkBytesPerS / 2, defaultLlmCostOptions.allReduceEfficiency);
    expect(cost.allReduceS(tokens)).toBe(2 * model.layers * ring);
  });

  it("another flow on the replica's NVLink ports halves the share (a co-located collective makes it slower)", () => {
    const sim = new Simulation();
    const network = new Network(sim, buildFlatTopology([{ count: 1, gpu: "H100-SXM", gpusPerNode: 8 }]));
    const links = new TensorParallelLinks(network, [0, 1]);
    const alone = links.edgeBytesPerS();
    // A training all-reduce edge sharing GPU 0's tx port and GPU 1's rx port (e.g. a GPU-sharing job on the same GPUs).
    network.startFlow({ srcGpu: 0, dstGpu: 1, bytes: 1e12 });
    network.flows.flush();
    expect(links.edgeBytesPerS()).toBe(alone / 2);
    // Its own traffic is not counted against itself.
    links.start(1e9, 1);
    network.flows.flush();
    expect(links.edgeBytesPerS()).toBe(alone / 2);
    // A flow held below the fair level elsewhere leaves the rest: 100 GB/s ceiling → 450 − 100.
    const sim2 = new Simulation();
    const net2 = new Network(sim2, buildFlatTopology([{ count: 1, gpu: "H100-SXM", gpusPerNode: 8 }]));
    net2.startFlow({ srcGpu: 0, dstGpu: 1, bytes: 1e12, maxRateBytesPerS: 1e11 });
    net2.flows.flush();
    expect(new TensorParallelLinks(net2, [0, 1]).edgeBytesPerS()).toBeCloseTo(H100.nvlinkBytesPerS / 2 - 1e11, 0);
  });
});

function tpScenario(nvlinkBytesPerS: number | undefined): Scenario {
  return scenarioFrom({
    name: "tp-net",
    seed: 3,
    cluster: { nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 8, ...(nvlinkBytesPerS === undefined ? {} : { nvlinkBytesPerS }) }] },
    workloads: [
      {
        kind: "inference",
        name: "chat",
        model: "llama-3-70b",
        gpu: "H100-SXM",
        replicas: { count: 1, tensorParallel: 4 },
        count: 60,
        arrival: { process: "poisson", ratePerS: 4 },
        promptTokens: 400,
        outputTokens: 100,
      },
    ],
  });
}

async function run(scenario: Scenario): Promise<SimulationSummary> {
  return (await runInMemory(scenario)).summary;
}

describe("inference on the network model (scenarios)", () => {
  it("TPOT follows the node's NVLink bandwidth: 900e9 vs a small override", async () => {
    const fast = await run(tpScenario(900e9));
    const slow = await run(tpScenario(20e9));
    const fastTpot = fast.requests?.tpotS.mean as number;
    const slowTpot = slow.requests?.tpotS.mean as number;
    expect(slowTpot).toBeGreaterThan(fastTpot * 1.2);
    // The all-reduce traffic is in the network summary.
    expect(fast.network?.nvlink?.bytesMoved ?? 0).toBeGreaterThan(0);
    console.log(`TPOT mean: nvlink 900e9 ${fastTpot} s, 20e9 ${slowTpot} s; nvlink bytes ${fast.network?.nvlink?.bytesMoved}`);
  });

  it("the default NVLink on a flow network gives the same TPOT as the closed form without one", async () => {
    const onNetwork = await run(tpScenario(undefined));
    expect(onNetwork.network).toBeDefined();
    const scenario = tpScenario(undefined);
    const closed = runFleet([toInferenceService(scenario.workloads[0] as InferenceWorkload)], [{ count: 1, gpu: "H100-SXM", gpusPerNode: 8 }], { seed: 3 });
    expect(onNetwork.requests?.tpotS).toEqual(closed.summary.tpotS);
    expect(onNetwork.requests?.ttftS).toEqual(closed.summary.ttftS);
  });
});

function wanScenario(latencyS: number): Scenario {
  const region = (name: string) => ({ name, racks: [{ name: `${name}-rack`, nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 1 }] }] });
  return scenarioFrom({
    name: "wan",
    seed: 5,
    cluster: { topology: { regions: [region("us"), region("eu")], wan: [{ a: "us", b: "eu", latencyS, bytesPerS: 1.25e9 }] } },
    workloads: [
      {
        kind: "inference",
        name: "chat",
        model: "llama-3-8b",
        gpu: "H100-SXM",
        replicas: { count: 1, tensorParallel: 1, regions: ["us"] },
        origins: [{ region: "eu", weight: 1 }],
        wanLatencyS: 0.05,
        count: 40,
        arrival: { process: "poisson", ratePerS: 2 },
        promptTokens: 300,
        outputTokens: 20,
      },
    ],
  });
}

describe("requests across regions pay the topology's WAN latency and move their bytes over it", () => {
  it("TTFT grows with the WAN link's latency (0.03 s vs 2 s), not the service's wanLatencyS", async () => {
    const near = await run(wanScenario(0.03));
    const far = await run(wanScenario(2));
    const nearTtft = near.requests?.ttftS.mean as number;
    const farTtft = far.requests?.ttftS.mean as number;
    console.log(`TTFT mean: WAN 0.03 s ${nearTtft} s, 2 s ${farTtft} s`);
    // Prompt there and first token back: two one-way latencies.
    expect(nearTtft).toBeGreaterThan(0.06);
    expect(nearTtft).toBeLessThan(0.06 + 0.1);
    expect(farTtft - nearTtft).toBeCloseTo(2 * (2 - 0.03), 2);
    // 40 prompts of 300 tokens and 40 outputs of 20 tokens at 4 bytes a token.
    expect(near.network?.wan?.bytesMoved).toBeCloseTo(40 * (300 + 20) * 4, 0);
  });

  it("without a topology WAN the service's wanLatencyS still applies", async () => {
    const scenario = scenarioFrom({
      name: "flat",
      seed: 5,
      cluster: { nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 1 }] },
      workloads: [
        { kind: "inference", name: "chat", model: "llama-3-8b", gpu: "H100-SXM", replicas: { count: 1 }, origins: [{ region: "far", weight: 1 }], wanLatencyS: 0.5, count: 10, arrival: { process: "poisson", ratePerS: 1 }, promptTokens: 100, outputTokens: 5 },
      ],
    });
    const policies = await resolvePolicies(scenario, "test.yaml", repoRoot);
    const summary = simulate(scenario, policies, { jobs: new MemorySink(), timeseries: new MemorySink(), requests: new MemorySink() });
    // Prompt there and first token back: two one-way latencies of 0.5 s.
    expect(summary.requests?.ttftS.p50).toBeGreaterThan(1);
  });
});
