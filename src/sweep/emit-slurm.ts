/**
 * `gpufleet sweep FILE --emit slurm`: a bash script that submits the sweep as a Slurm job array
 * (`--array=0-(N-1)`, each task `sweep --shard auto` into one shared results directory) and a
 * merge job that starts only when every task succeeded (`--dependency=afterok`, and
 * `--kill-on-invalid-dep=yes` so a failed task cancels it instead of leaving it pending).
 */
import { type LaunchOptions, shardCommand, shellLine, shellQuote } from "./launch-options.js";

/** Options of the Slurm template beyond the shared ones. */
export interface SlurmOptions extends LaunchOptions {
  /** Directory the jobs run in (`--chdir`): the checkout, absolute. */
  workDir: string;
  /** Extra sbatch options for both jobs, e.g. ["--partition=cpu", "--time=02:00:00"]. */
  sbatchArgs: string[];
}

/** Directory for the jobs' stdout/stderr, beside (not inside) the results directory, which shards keep for runs. */
export function slurmLogDir(outDir: string): string {
  return `${outDir.replace(/\/+$/, "")}.slurm-logs`;
}

/** The submit script. */
export function emitSlurm(o: SlurmOptions): string {
  const logs = slurmLogDir(o.outDir);
  const extra = o.sbatchArgs.length === 0 ? "" : ` ${shellLine(o.sbatchArgs)}`;
  const common = `--chdir ${shellQuote(o.workDir)}${extra}`;
  const task = `${shellLine(shardCommand(o))} --workers "\${SLURM_CPUS_PER_TASK:-${o.workers}}" --quiet`;
  const merge = shellLine([...o.cli, "merge", o.outDir]);
  return `#!/usr/bin/env bash
# gpufleet sweep ${o.name}: ${o.runs} runs (${o.cells} cells x ${o.seeds} seeds) as a Slurm job array of
# ${o.shards} task(s), ${o.workers} CPU(s) each, then a merge job that runs once every task succeeded.
# Written by: gpufleet sweep ${o.sweepFile} --emit slurm
# Submit from a node that can run sbatch:   bash THIS_FILE   (prints the two job ids)
# Tasks write their runs into ${o.outDir}/ (one shared directory; a task re-run skips finished runs);
# the merge job writes ${o.outDir}/sweep.csv, sweep.json and sweep.html. Logs: ${logs}/
set -euo pipefail
cd ${shellQuote(o.workDir)}
mkdir -p ${shellQuote(logs)}

array_job=$(sbatch --parsable ${common} --job-name=${shellQuote(`gpufleet-${o.name}`)} --array=0-${o.shards - 1} --ntasks=1 --cpus-per-task=${o.workers} --output=${shellQuote(`${logs}/%x-%A_%a.out`)} <<'GPUFLEET_ARRAY'
#!/bin/bash
# One shard of the sweep: --shard auto reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT.
set -euo pipefail
${task}
GPUFLEET_ARRAY
)
array_job=\${array_job%%;*}

merge_job=$(sbatch --parsable ${common} --job-name=${shellQuote(`gpufleet-${o.name}-merge`)} --ntasks=1 --cpus-per-task=1 --dependency=afterok:\${array_job} --kill-on-invalid-dep=yes --output=${shellQuote(`${logs}/%x-%j.out`)} <<'GPUFLEET_MERGE'
#!/bin/bash
# Merge the shards: sweep.csv, sweep.json and sweep.html; exits 1 naming any missing run.
set -euo pipefail
${merge}
GPUFLEET_MERGE
)
merge_job=\${merge_job%%;*}

echo "submitted array job \${array_job} (${o.shards} tasks) and merge job \${merge_job} (afterok:\${array_job})"
echo "results: ${o.outDir}/sweep.csv once job \${merge_job} has finished (squeue -j \${array_job},\${merge_job})"
`;
}
