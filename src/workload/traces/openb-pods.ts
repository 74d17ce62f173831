import { type GpuName, gpuNames } from "../../model/gpus.js";
import { excerpt } from "./excerpt.js";
import { type ResourceRequest, WHOLE_GPU_MILLI } from "../../model/resources.js";
import { ScenarioError, message } from "../../messages.js";
import { type CsvRow, optionalTime, readCsvTable, RowProblems, wholeNumber } from "./openb-csv.js";

/** Columns every openb pod list has. */
export const openbPodColumns = ["name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli"] as const;
/** Further columns of the full pod lists (the multi-GPU variants lack them). */
export const openbPodOptionalColumns = ["gpu_spec", "qos", "pod_phase", "creation_time", "deletion_time", "scheduled_time"] as const;

/** One pod of an openb pod list. Times are seconds from the trace's origin. */
export interface OpenbPod {
  /** Line in the file. */
  readonly line: number;
  /** Pod name. */
  readonly name: string;
  /** CPU in millicores. */
  readonly cpuMilli: number;
  /** Host memory in MiB. */
  readonly memoryMiB: number;
  /** GPUs (0 for CPU-only pods). */
  readonly gpus: number;
  /** Share of each GPU in milli-GPUs (below 1000 only with one GPU; 0 for CPU-only pods). */
  readonly gpuMilli: number;
  /** Allowed GPU models from `gpu_spec` (empty: any model). */
  readonly gpuTypes: readonly GpuName[];
  /** QoS class (LS, BE, ...), "" when absent. */
  readonly qos: string;
  /** Phase at the end of the trace (Running, Failed, ...), "" when absent. */
  readonly phase: string;
  /** Creation time in seconds (undefined when the file has no times). */
  readonly creationS: number | undefined;
  /** Deletion time in seconds. */
  readonly deletionS: number | undefined;
  /** Time the pod was scheduled, in seconds (undefined when it never was). */
  readonly scheduledS: number | undefined;
}

/** A parsed pod list. */
export interface OpenbPodList {
  /** The file, as given. */
  readonly file: string;
  /** Valid pods in file order. */
  readonly pods: readonly OpenbPod[];
  /** Rows skipped as bad (lenient mode). */
  readonly skipped: number;
  /** The first skipped row's problem (lenient mode). */
  readonly firstProblem: string | undefined;
  /** True when the file has creation_time and deletion_time columns (it can be replayed in time). */
  readonly hasTimes: boolean;
}

function parseGpuSpec(text: string): GpuName[] | string {
  if (text === "") return [];
  const models: GpuName[] = [];
  for (const model of text.split("|")) {
    if (!(gpuNames as readonly string[]).includes(model)) return `unknown GPU model ${excerpt(model)} in gpu_spec (known: ${gpuNames.join(", ")})`;
    if (!models.includes(model as GpuName)) models.push(model as GpuName);
  }
  return models;
}

function parsePod(row: CsvRow): OpenbPod | string {
  const name = row.cell("name");
  if (name === "") return "name is empty";
  const cpuMilli = wholeNumber(row.cell("cpu_milli"), "cpu_milli", 0);
  if (typeof cpuMilli === "string") return cpuMilli;
  const memoryMiB = wholeNumber(row.cell("memory_mib"), "memory_mib", 0);
  if (typeof memoryMiB === "string") return memoryMiB;
  const gpus = wholeNumber(row.cell("num_gpu"), "num_gpu", 0, 64);
  if (typeof gpus === "string") return gpus;
  const gpuMilli = wholeNumber(row.cell("gpu_milli"), "gpu_milli", 0, WHOLE_GPU_MILLI);
  if (typeof gpuMilli === "string") return gpuMilli;
  if (gpus === 0 && gpuMilli > 0) return `gpu_milli is ${gpuMilli} but num_gpu is 0`;
  if (gpus > 0 && gpuMilli === 0) return `gpu_milli is 0 but num_gpu is ${gpus}`;
  if (gpus > 1 && gpuMilli < WHOLE_GPU_MILLI) return `a GPU share below 1000 (gpu_milli ${gpuMilli}) needs num_gpu 1, got ${gpus}`;
  if (gpus === 0 && cpuMilli === 0 && memoryMiB === 0) return "the pod asks for nothing (no CPU, memory or GPU)";
  const gpuTypes = parseGpuSpec(row.cell("gpu_spec"));
  if (typeof gpuTypes === "string") return gpuTypes;
  const creationS = optionalTime(row.cell("creation_time"), "creation_time");
  if (typeof creationS === "string") return creationS;
  const deletionS = optionalTime(row.cell("deletion_time"), "deletion_time");
  if (typeof deletionS === "string") return deletionS;
  const scheduledS = optionalTime(row.cell("scheduled_time"), "scheduled_time");
  if (typeof scheduledS === "string") return scheduledS;
  if (creationS !== undefined && deletionS !== undefined && deletionS < creationS) return `deletion_time ${deletionS} is before creation_time ${creationS}`;
  if (creationS !== undefined && scheduledS !== undefined && scheduledS < creationS) return `scheduled_time ${scheduledS} is before creation_time ${creationS}`;
  return { line: row.line, name, cpuMilli, memoryMiB, gpus, gpuMilli, gpuTypes, qos: row.cell("qos"), phase: row.cell("pod_phase"), creationS, deletionS, scheduledS };
}

/**
 * Read an openb pod list (full or five-column variant). A bad row is an error naming its line, or
 * skipped and counted when lenient; `limit` keeps the first valid pods only.
 */
export function readOpenbPods(file: string, options: { lenient?: boolean; limit?: number | undefined } = {}): OpenbPodList {
  const problems = new RowProblems(file, options.lenient === true);
  const what = "an openb pod list (name,cpu_milli,memory_mib,num_gpu,gpu_milli[,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time])";
  const table = readCsvTable(file, openbPodColumns, openbPodOptionalColumns, what, problems);
  const pods: OpenbPod[] = [];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  for (const row of table.rows) {
    if (pods.length >= limit) break;
    const pod = parsePod(row);
    if (typeof pod === "string") problems.report(row.line, pod);
    else pods.push(pod);
  }
  if (pods.length === 0) throw new ScenarioError(message.traceEmpty(file, "valid pods"));
  const hasTimes = table.columns.has("creation_time") && table.columns.has("deletion_time");
  return { file, pods, skipped: problems.skipped, firstProblem: problems.first, hasTimes };
}

/** What a pod asks of the cluster: one node, its GPUs (a share of one, or whole ones), model constraints. */
export function podRequest(pod: OpenbPod): ResourceRequest {
  const single = pod.gpuTypes.length === 1 ? pod.gpuTypes[0] : undefined;
  return {
    gpus: pod.gpus,
    gpuMilli: pod.gpus === 0 ? WHOLE_GPU_MILLI : pod.gpuMilli,
    gpuType: single,
    gpuTypes: pod.gpuTypes.length > 1 ? pod.gpuTypes : undefined,
    cpuMilli: pod.cpuMilli,
    memoryMiB: pod.memoryMiB,
    singleNode: true,
  };
}
