/**
 * `gpufleet sweep FILE --emit k8s`: a Kubernetes Indexed Job (one pod per shard, `--shard auto`
 * reading JOB_COMPLETION_INDEX and GPUFLEET_SHARD_COUNT) and a merge Job, both in the project's
 * container image with one shared volume (a ReadWriteMany PersistentVolumeClaim) for the results.
 * Kubernetes has no dependency between Jobs, so the merge Job waits for the runs itself
 * (`merge --wait`), bounded by `activeDeadlineSeconds`.
 */
import type { IJob } from "kubernetes-models/batch/v1";
import { stringify } from "yaml";
import { type LaunchOptions, shardCommand } from "./launch-options.js";
import { SHARD_COUNT_ENV } from "./shard.js";

/** Options of the Kubernetes template beyond the shared ones. */
export interface K8sOptions extends LaunchOptions {
  /** Container image built from this repository's Dockerfile. */
  image: string;
  /** The PersistentVolumeClaim holding the results (ReadWriteMany, so every pod can write). */
  claim: string;
  /** Where the claim is mounted in the containers; `outDir` should lie under it. */
  mountPath: string;
  /** Longest time the merge Job waits for the shards, in seconds. */
  waitS: number;
}

/** Kubernetes object names: lower case, digits and '-', at most 63 characters (DNS label). */
export function k8sName(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 57)
    .replace(/-+$/, "");
  return name === "" ? "gpufleet" : name;
}

/** The container's CLI: the image's entrypoint runs `node dist/cli/main.js`, so drop that prefix if given. */
function containerArgs(o: K8sOptions, words: string[]): { command?: string[]; args: string[] } {
  const rest = words.slice(o.cli.length);
  return o.cli.join(" ") === "gpufleet" || o.cli.join(" ") === "node dist/cli/main.js" ? { args: rest } : { command: o.cli, args: rest };
}

/** The two Jobs as objects (typed against the Kubernetes API types). */
export function k8sJobs(o: K8sOptions): IJob[] {
  const base = k8sName(`gpufleet-${o.name}`);
  const labels = { "app.kubernetes.io/name": "gpufleet", "gpufleet/sweep": k8sName(o.name) };
  const volumes = [{ name: "results", persistentVolumeClaim: { claimName: o.claim } }];
  const volumeMounts = [{ name: "results", mountPath: o.mountPath }];
  const shard = containerArgs(o, [...shardCommand(o), "--workers", String(o.workers), "--quiet"]);
  const merge = containerArgs(o, [...o.cli, "merge", o.outDir, "--wait", String(o.waitS)]);
  const cpu = String(o.workers);
  const array: IJob = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: base, labels },
    spec: {
      completionMode: "Indexed",
      completions: o.shards,
      parallelism: o.shards,
      backoffLimit: Math.max(3, o.shards),
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          volumes,
          containers: [
            {
              name: "shard",
              image: o.image,
              ...shard,
              env: [{ name: SHARD_COUNT_ENV, value: String(o.shards) }],
              resources: { requests: { cpu }, limits: { cpu } },
              volumeMounts,
            },
          ],
        },
      },
    },
  };
  const mergeJob: IJob = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: `${base}-merge`, labels },
    spec: {
      completions: 1,
      backoffLimit: 2,
      activeDeadlineSeconds: o.waitS + 3600,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          volumes,
          containers: [{ name: "merge", image: o.image, ...merge, resources: { requests: { cpu: "1" } }, volumeMounts }],
        },
      },
    },
  };
  return [array, mergeJob];
}

/** The manifest: both Jobs as one YAML stream (`kubectl apply -f FILE`). */
export function emitK8s(o: K8sOptions): string {
  const header = [
    `# gpufleet sweep ${o.name}: ${o.runs} runs (${o.cells} cells x ${o.seeds} seeds) as a Kubernetes Indexed Job of`,
    `# ${o.shards} pod(s), ${o.workers} CPU(s) each, and a merge Job that waits for every run (merge --wait ${o.waitS}).`,
    `# Written by: gpufleet sweep ${o.sweepFile} --emit k8s`,
    `# Needs: the image ${o.image} (docker build -t ${o.image} .) and a ReadWriteMany PersistentVolumeClaim`,
    `# ${JSON.stringify(o.claim)} mounted at ${o.mountPath}; results in ${o.outDir}/. Apply: kubectl apply -f THIS_FILE`,
  ].join("\n");
  return `${header}\n${k8sJobs(o)
    .map((job) => `---\n${stringify(job, { lineWidth: 0, aliasDuplicateObjects: false })}`)
    .join("")}`;
}
