import type { GpuName } from "./gpus.js";
import type { ResourceRequest } from "./resources.js";
import type { TargetTask, TargetWorkload } from "./fragmentation.js";

/** How the target workload M is drawn from observed tasks (the study's "typical pods"). */
export interface TargetWorkloadOptions {
  /** Keep the most popular task classes until they cover this share of all tasks, in % (the study: 95). */
  popularityPct: number;
  /** Count CPU-only tasks as a class (from their point of view every unallocated GPU is a fragment). */
  includeCpuOnly: boolean;
}

/** The study's settings: classes covering 95 % of the tasks, CPU-only tasks included. */
export const defaultTargetOptions: TargetWorkloadOptions = { popularityPct: 95, includeCpuOnly: true };

interface ClassCount {
  readonly task: Omit<TargetTask, "popularity">;
  count: number;
}

/**
 * Counts tasks by class (CPU, GPUs, share per GPU and allowed GPU models; host memory is left out,
 * as in the study) and builds the target workload from the most popular classes.
 */
export class TargetWorkloadBuilder {
  private readonly classes = new Map<string, ClassCount>();
  private tasks = 0;

  /** Number of tasks counted so far. */
  get count(): number {
    return this.tasks;
  }

  /** Count one task. */
  add(request: ResourceRequest): void {
    const types: readonly GpuName[] | undefined = request.gpuTypes;
    const key = `${request.cpuMilli}|${request.gpus}|${request.gpuMilli}|${request.gpuType ?? ""}|${types?.join(",") ?? ""}`;
    const known = this.classes.get(key);
    if (known !== undefined) known.count++;
    else {
      const task = { gpus: request.gpus, gpuMilli: request.gpus === 0 ? 0 : request.gpuMilli, gpuType: request.gpuType, gpuTypes: types, cpuMilli: request.cpuMilli, memoryMiB: 0 };
      this.classes.set(key, { task, count: 1 });
    }
    this.tasks++;
  }

  /**
   * The target workload: classes by decreasing count, added one at a time until they cover
   * `popularityPct` % of the counted tasks, with popularities renormalized to sum to 1; empty when
   * nothing was counted. As in the study's simulator (utils.GetTypicalPods): equal counts are
   * ordered by decreasing CPU, then share per GPU, GPUs and model text, and a popularity is
   * (count / total) / (covered / total), computed in that order.
   */
  build(options: TargetWorkloadOptions = defaultTargetOptions): TargetWorkload {
    const entries = [...this.classes.values()].filter((c) => options.includeCpuOnly || c.task.gpus > 0);
    const total = entries.reduce((n, c) => n + c.count, 0);
    if (total === 0) return [];
    const typeText = (c: ClassCount) => c.task.gpuTypes?.join("|") ?? c.task.gpuType ?? "";
    entries.sort((a, b) => {
      const ta = typeText(a);
      const tb = typeText(b);
      return b.count - a.count || b.task.cpuMilli - a.task.cpuMilli || b.task.gpuMilli - a.task.gpuMilli || b.task.gpus - a.task.gpus || (ta < tb ? 1 : ta > tb ? -1 : 0);
    });
    const kept: ClassCount[] = [];
    let covered = 0;
    for (const c of entries) {
      if (covered >= (options.popularityPct * total) / 100) break;
      kept.push(c);
      covered += c.count;
    }
    if (kept.length === entries.length) return kept.map((c) => ({ ...c.task, popularity: c.count / total }));
    return kept.map((c) => ({ ...c.task, popularity: c.count / total / (covered / total) }));
  }
}

/** The target workload of a set of tasks (see TargetWorkloadBuilder.build). */
export function targetWorkloadOf(requests: Iterable<ResourceRequest>, options: TargetWorkloadOptions = defaultTargetOptions): TargetWorkload {
  const builder = new TargetWorkloadBuilder();
  for (const request of requests) builder.add(request);
  return builder.build(options);
}
