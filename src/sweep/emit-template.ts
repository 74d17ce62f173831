/**
 * `--emit slurm|k8s`: fill the launch options from the sweep and the command line (defaults
 * included) and write the template.
 */
import { readFileSync } from "node:fs";
import { ScenarioError, message } from "../messages.js";
import { emitK8s } from "./emit-k8s.js";
import { emitSlurm } from "./emit-slurm.js";
import { DEFAULT_CLI, DEFAULT_MAX_SHARDS, type LaunchOptions, cliWords } from "./launch-options.js";
import type { SweepPlan } from "./load-sweep.js";

/** The engines a template can be written for. */
export const emitKinds = ["slurm", "k8s"] as const;
/** One of `emitKinds`. */
export type EmitKind = (typeof emitKinds)[number];

/** The command-line options a template reads (all optional; defaults below). */
export interface EmitArgs {
  /** Worker threads (CPUs) per task; default 1, the array gives the parallelism. */
  workers?: number | undefined;
  /** Shared results directory. */
  out?: string | undefined;
  /** Array tasks. */
  shards?: number | undefined;
  /** CLI invocation. */
  cli?: string | undefined;
  /** Slurm: directory the jobs run in, absolute. */
  workdir: string;
  /** Slurm: extra sbatch options, space-separated. */
  sbatch?: string | undefined;
  /** Kubernetes: image. */
  image?: string | undefined;
  /** Kubernetes: PersistentVolumeClaim name. */
  claim?: string | undefined;
  /** Kubernetes: mount path of the claim. */
  mount?: string | undefined;
}

/** Longest wait of the Kubernetes merge Job for the shards: one day. */
const K8S_WAIT_S = 86_400;

/** The package version, for the default image tag. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "latest";
}

/** The launch template of `kind` for a loaded sweep. */
export function emitLaunchTemplate(kind: EmitKind, plan: SweepPlan, args: EmitArgs): string {
  const runs = plan.cells.length * plan.seeds.length;
  const shards = args.shards ?? Math.min(runs, DEFAULT_MAX_SHARDS);
  if (!Number.isInteger(shards) || shards < 1 || shards > 100_000) throw new ScenarioError(message.badShards(String(args.shards)));
  const workers = args.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > 4096) throw new ScenarioError(message.badWorkers(String(args.workers)));
  const mount = (args.mount ?? "/results").replace(/\/+$/, "");
  const common: LaunchOptions = {
    name: plan.name,
    sweepFile: plan.file,
    runs,
    cells: plan.cells.length,
    seeds: plan.seeds.length,
    shards,
    workers,
    outDir: args.out ?? (kind === "k8s" ? `${mount}/sweep-${plan.name}` : `results/sweep-${plan.name}`),
    cli: cliWords(args.cli ?? DEFAULT_CLI),
  };
  if (kind === "slurm") return emitSlurm({ ...common, workDir: args.workdir, sbatchArgs: cliWords(args.sbatch ?? "") });
  return emitK8s({ ...common, image: args.image ?? `gpufleet:${packageVersion()}`, claim: args.claim ?? "gpufleet-results", mountPath: mount, waitS: K8S_WAIT_S });
}
