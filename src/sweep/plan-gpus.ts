/**
 * `plan --compare-gpus`: the overrides that put a GPU model into the varied node group, and into
 * every workload tied to that group's GPU (an inference service's `gpu`, a job workload's
 * `gpuType`), so one scenario is searched once per GPU type.
 */
import { ScenarioError, message } from "../messages.js";
import { type GpuName, gpuNames } from "../model/gpus.js";
import { defaultPresetForGpu, nodePreset } from "../model/node-presets.js";
import { loadScenario } from "../scenario/load.js";

/** Parse `H100-SXM,H200,B200` into catalog names; unknown names are bad input (exit 2) with the known list. */
export function parseGpuList(text: string): GpuName[] {
  const names = text
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  const unknown = names.filter((n) => !(gpuNames as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) throw new ScenarioError(message.planUnknownGpu(unknown.length > 0 ? unknown : [text], gpuNames));
  return [...new Set(names)] as GpuName[];
}

/** A node group as the validated scenario holds it. */
interface NodeGroupLike {
  count: number;
  gpu?: string | undefined;
  preset?: string | undefined;
}

/** The value at a dotted path of a plain object (undefined when absent). */
function at(document: unknown, keys: readonly string[]): unknown {
  let node = document;
  for (const key of keys) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * `--set` overrides that make `gpu` the model of the node group whose count `vary` names
 * (`cluster.nodes.0.count`, or a topology group's): a preset group switches to the first preset of
 * that GPU when one exists (its NVLink, NICs and tuning), and workloads pinned to the group's old
 * GPU follow. Throws ScenarioError when `vary` is not a node group's count.
 */
export function gpuOverrides(file: string, vary: string, set: readonly string[], gpu: GpuName): string[] {
  const keys = vary.split(".");
  const groupKeys = keys.slice(0, -1);
  const scenario = loadScenario(file, { set: [...set] });
  const group = at(scenario, groupKeys) as NodeGroupLike | undefined;
  const isGroup = keys[keys.length - 1] === "count" && groupKeys.includes("nodes") && group !== undefined && typeof group === "object" && (group.gpu !== undefined || group.preset !== undefined);
  if (!isGroup) throw new ScenarioError(message.planCompareVary(vary));
  const groupPath = groupKeys.join(".");
  const oldGpu = group.gpu ?? nodePreset(group.preset as string)?.gpu;
  const out: string[] = [];
  if (group.preset !== undefined) {
    const preset = defaultPresetForGpu(gpu);
    if (preset !== undefined) out.push(`${groupPath}.preset=${preset.name}`);
  }
  out.push(`${groupPath}.gpu=${gpu}`);
  scenario.workloads.forEach((w, i) => {
    if (w.kind === "inference" && w.gpu === oldGpu) out.push(`workloads.${i}.gpu=${gpu}`);
    if (w.kind === "jobs" && w.gpuType !== undefined && w.gpuType === oldGpu) out.push(`workloads.${i}.gpuType=${gpu}`);
  });
  return out;
}
