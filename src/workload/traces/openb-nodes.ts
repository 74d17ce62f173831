import { type GpuName, gpuNames } from "../../model/gpus.js";
import { excerpt } from "./excerpt.js";
import { ScenarioError, message } from "../../messages.js";
import { type CsvRow, readCsvTable, RowProblems, wholeNumber } from "./openb-csv.js";

/** Columns of an openb node list (`openb_node_list_*.csv`). */
export const openbNodeColumns = ["sn", "cpu_milli", "memory_mib", "gpu", "model"] as const;

/** One node of an openb node list. */
export interface OpenbNode {
  /** Line in the file. */
  readonly line: number;
  /** Serial name (`sn`). */
  readonly name: string;
  /** CPU in millicores. */
  readonly cpuMilli: number;
  /** Host memory in MiB. */
  readonly memoryMiB: number;
  /** GPUs on the node. */
  readonly gpus: number;
  /** GPU model (undefined on CPU-only nodes). */
  readonly model: GpuName | undefined;
}

/** A parsed node list. */
export interface OpenbNodeList {
  /** The file, as given. */
  readonly file: string;
  /** Valid nodes in file order. */
  readonly nodes: readonly OpenbNode[];
  /** Rows skipped as bad (lenient mode). */
  readonly skipped: number;
  /** The first skipped row's problem (lenient mode). */
  readonly firstProblem: string | undefined;
}

function parseNode(row: CsvRow, seen: Set<string>): OpenbNode | string {
  const name = row.cell("sn");
  if (name === "") return "sn (the node name) is empty";
  if (seen.has(name)) return `node ${excerpt(name)} is listed twice`;
  const cpuMilli = wholeNumber(row.cell("cpu_milli"), "cpu_milli", 1);
  if (typeof cpuMilli === "string") return cpuMilli;
  const memoryMiB = wholeNumber(row.cell("memory_mib"), "memory_mib", 1);
  if (typeof memoryMiB === "string") return memoryMiB;
  const gpus = wholeNumber(row.cell("gpu"), "gpu", 0, 64);
  if (typeof gpus === "string") return gpus;
  const modelText = row.cell("model");
  if (gpus === 0) return { line: row.line, name, cpuMilli, memoryMiB, gpus, model: undefined };
  if (modelText === "") return `model is empty on a node with ${gpus} GPU(s)`;
  if (!(gpuNames as readonly string[]).includes(modelText)) return `unknown GPU model ${excerpt(modelText)} (known: ${gpuNames.join(", ")})`;
  return { line: row.line, name, cpuMilli, memoryMiB, gpus, model: modelText as GpuName };
}

/** Read an openb node list; a bad row is an error naming its line, or skipped and counted when lenient. */
export function readOpenbNodes(file: string, options: { lenient?: boolean } = {}): OpenbNodeList {
  const problems = new RowProblems(file, options.lenient === true);
  const table = readCsvTable(file, openbNodeColumns, [], "an openb node list (sn,cpu_milli,memory_mib,gpu,model)", problems);
  const nodes: OpenbNode[] = [];
  const seen = new Set<string>();
  for (const row of table.rows) {
    const node = parseNode(row, seen);
    if (typeof node === "string") problems.report(row.line, node);
    else {
      seen.add(node.name);
      nodes.push(node);
    }
  }
  if (nodes.length === 0) throw new ScenarioError(message.traceEmpty(file, "valid nodes"));
  return { file, nodes, skipped: problems.skipped, firstProblem: problems.first };
}

/** A run of identical consecutive nodes, as a scenario's `cluster.nodes` entry. */
export interface OpenbNodeGroup {
  /** Number of nodes. */
  count: number;
  /** GPU model (on CPU-only groups, a placeholder: the list's first GPU model). */
  gpu: GpuName;
  /** GPUs per node. */
  gpusPerNode: number;
  /** CPU per node in millicores. */
  cpuMilli: number;
  /** Host memory per node in MiB. */
  memoryMiB: number;
}

/** Group identical nodes (GPU model and count, CPU, memory), groups in order of first appearance. */
export function nodeGroupsOf(nodes: readonly OpenbNode[]): OpenbNodeGroup[] {
  const placeholder: GpuName = nodes.find((n) => n.model !== undefined)?.model ?? "T4";
  const groups = new Map<string, OpenbNodeGroup>();
  for (const node of nodes) {
    const gpu = node.model ?? placeholder;
    const key = `${gpu}|${node.gpus}|${node.cpuMilli}|${node.memoryMiB}`;
    const group = groups.get(key);
    if (group !== undefined) group.count++;
    else groups.set(key, { count: 1, gpu, gpusPerNode: node.gpus, cpuMilli: node.cpuMilli, memoryMiB: node.memoryMiB });
  }
  return [...groups.values()];
}
