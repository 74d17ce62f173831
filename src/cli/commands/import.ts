import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, relative, resolve } from "node:path";
import { stringify } from "yaml";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { ScenarioError, message } from "../../messages.js";
import { parseSeedOption } from "../seed-option.js";
import { readOpenbNodes, nodeGroupsOf, type OpenbNodeList } from "../../workload/traces/openb-nodes.js";
import { type OpenbPodList, readOpenbPods } from "../../workload/traces/openb-pods.js";

/** Options of `gpufleet import openb`. */
interface ImportArgs {
  format: string;
  nodes: string;
  pods: string;
  out: string;
  lenient: boolean;
  experiment: string;
  placement: string;
  seed: number;
}

/** The scenario document for an imported openb trace (cluster inline, pods by path). */
export function openbScenarioDocument(nodes: OpenbNodeList, pods: OpenbPodList, outFile: string, args: Pick<ImportArgs, "lenient" | "experiment" | "placement" | "seed">): Record<string, unknown> {
  const podPath = relative(dirname(resolve(outFile)), resolve(pods.file)).split("\\").join("/");
  const document: Record<string, unknown> = {
    name: basename(outFile, extname(outFile)).replace(/[^A-Za-z0-9_.-]/g, "-"),
    description: `Alibaba GPU v2023 (openb): ${nodes.nodes.length} nodes from ${quoted(basename(nodes.file))}, ${pods.pods.length} pods from ${quoted(basename(pods.file))}`,
    seed: args.seed,
    cluster: { nodes: nodeGroupsOf(nodes.nodes) },
    workloads: [{ kind: "job-trace", name: "openb", trace: { path: podPath, format: "openb", ...(args.lenient ? { lenient: true } : {}) } }],
    scheduler: { queue: "fifo", placement: args.placement },
  };
  if (args.experiment === "fill") document.experiment = { mode: "fill", workloadRatio: 1.3 };
  return document;
}

/** A file name as a comment may hold it: JSON-quoted, so a newline in a name cannot start a YAML key. */
function quoted(file: string): string {
  return JSON.stringify(file).replace(/[\u2028\u2029\u0085]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function header(nodes: OpenbNodeList, pods: OpenbPodList, experiment: string): string {
  const gpus = nodes.nodes.reduce((n, node) => n + node.gpus, 0);
  const lines = [
    "Imported by `gpufleet import openb` from the Alibaba cluster-trace-gpu-v2023 (openb) format.",
    `Nodes: ${quoted(nodes.file)} (${nodes.nodes.length} nodes, ${gpus} GPUs; identical nodes grouped; CPU-only nodes carry a placeholder gpu with gpusPerNode 0).`,
    `Pods: ${quoted(pods.file)} (${pods.pods.length} pods${pods.skipped > 0 ? `, ${pods.skipped} bad rows skipped` : ""}), read at run time from trace.path (relative to this file).`,
    experiment === "fill"
      ? "experiment: fill runs the GPU-sharing fill protocol (Weng et al., ATC '23); remove it to replay the pods in time."
      : "The pods are replayed in time (creation/deletion times); add `experiment: fill` for the fill protocol.",
  ];
  return `${lines.map((l) => `# ${l}`).join("\n")}\n`;
}

/** `gpufleet import openb --nodes NODES.csv --pods PODS.csv --out SCENARIO.yaml`: convert a trace to a scenario. */
export const importCommand: CommandModule<object, ImportArgs> = {
  command: "import <format>",
  describe: "Convert a trace to a scenario (openb: Alibaba GPU v2023 node and pod lists)",
  builder: (y: Argv) =>
    y
      .positional("format", { type: "string", choices: ["openb"], demandOption: true, describe: "Trace format" })
      .option("nodes", { type: "string", demandOption: true, describe: "Node list CSV (sn,cpu_milli,memory_mib,gpu,model)" })
      .option("pods", { type: "string", demandOption: true, describe: "Pod list CSV (name,cpu_milli,memory_mib,num_gpu,gpu_milli[,gpu_spec,...])" })
      .option("out", { type: "string", demandOption: true, describe: "Scenario file to write (.yaml)" })
      .option("lenient", { type: "boolean", default: false, describe: "Skip and count bad rows instead of stopping at the first" })
      .option("experiment", { type: "string", choices: ["fill", "replay"], default: "fill", describe: "fill: the fill protocol; replay: pods in time" })
      .option("placement", { type: "string", default: "fgd", describe: "Placement policy of the scenario" })
      .option("seed", { type: "string", default: "42", coerce: parseSeedOption, describe: "Scenario seed" }) as unknown as Argv<ImportArgs>,
  handler: (args: ArgumentsCamelCase<ImportArgs>) => {
    const nodes = readOpenbNodes(args.nodes, { lenient: args.lenient });
    const pods = readOpenbPods(args.pods, { lenient: args.lenient });
    const document = openbScenarioDocument(nodes, pods, args.out, args);
    const text = `${header(nodes, pods, args.experiment)}${stringify(document, { lineWidth: 0, flowCollectionPadding: true, collectionStyle: "block" })}`;
    try {
      mkdirSync(dirname(resolve(args.out)), { recursive: true });
      writeFileSync(args.out, text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      const reasons: Record<string, string> = { EEXIST: "a parent of it is a regular file", ENOTDIR: "a parent of it is a regular file", ENAMETOOLONG: "the name is too long", EISDIR: "it is a directory" };
      throw new ScenarioError(message.outputFileUnwritable(args.out, reasons[code] ?? code));
    }
    const skipped = nodes.skipped + pods.skipped;
    const note = skipped > 0 ? ` (skipped ${nodes.skipped} node row(s) and ${pods.skipped} pod row(s); first: ${nodes.firstProblem ?? pods.firstProblem})` : "";
    process.stdout.write(`${args.out}: ${nodes.nodes.length} nodes, ${pods.pods.length} pods${note}\n`);
  },
};
