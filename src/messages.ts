/**
 * Every user-facing error text, in one place (as Vega-Lite's log/message module), and the typed
 * errors that carry them. The CLI prints `error.message` as one line and exits with `exitCode`.
 */

/** Bad input from the user: an invalid scenario, an unknown name, a missing file. Exit code 2. */
export class ScenarioError extends Error {
  /** Exit code the CLI returns for this error. */
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "ScenarioError";
  }
}

/** A check the user asked for failed (regression, SLO target). Exit code 1. */
export class CheckFailedError extends Error {
  /** Exit code the CLI returns for this error. */
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = "CheckFailedError";
  }
}

/** A field path as users write it in `--set`: `workloads.0.arrival.ratePerS`; `(top level)` when empty. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.length === 0 ? "(top level)" : path.join(".");
}

/** Short, quoted list of allowed names: `"a", "b" or "c"`. */
export function formatChoices(names: readonly string[]): string {
  const quoted = names.map((n) => JSON.stringify(n));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

/** Message texts, grouped by where they arise. */
export const message = {
  fieldError: (file: string, path: readonly (string | number)[], what: string) =>
    `${file}: ${formatPath(path)}: ${what}`,
  fileNotFound: (file: string) => `${file}: file not found (give the path of a .yaml, .yml or .json scenario)`,
  fileUnreadable: (file: string, reason: string) => `${file}: cannot read the file (${reason})`,
  fileEmpty: (file: string) => `${file}: the file is empty (expected a scenario mapping with name, cluster and workloads)`,
  fileBinary: (file: string) => `${file}: the file is not text (found a NUL byte; expected YAML or JSON)`,
  yamlSyntax: (file: string, line: number, column: number, what: string) =>
    `${file}: line ${line}, column ${column}: YAML syntax error: ${what}`,
  jsonSyntax: (file: string, what: string) => `${file}: JSON syntax error: ${what}`,
  notAMapping: (file: string, found: string) =>
    `${file}: (top level): expected a mapping (name, cluster, workloads, ...), found ${found}`,
  unknownField: (file: string, path: readonly (string | number)[], allowed: readonly string[], suggestion = "") =>
    `${file}: ${formatPath(path)}: unknown field (allowed here: ${allowed.join(", ")}${suggestion})`,
  unknownName: (file: string, path: readonly (string | number)[], kind: string, got: string, allowed: readonly string[]) =>
    `${file}: ${formatPath(path)}: unknown ${kind} ${JSON.stringify(got)} (allowed: ${formatChoices(allowed)})`,
  overLimit: (file: string, path: readonly (string | number)[], what: string, got: number, limit: number) =>
    `${file}: ${formatPath(path)}: ${what} ${got.toLocaleString("en-US")} exceeds gpufleet's limit of ${limit.toLocaleString("en-US")}`,
  fileTooLarge: (file: string, bytes: number, limitName: string, limit: number) =>
    `${file}: the file is ${bytes.toLocaleString("en-US")} bytes, over gpufleet's ${limitName} limit of ${limit.toLocaleString("en-US")} bytes`,
  notRegularFile: (file: string, what: string) => `${file}: not a regular file (give the path of ${what}; devices, pipes and directories are not read)`,
  fileNotUtf8: (file: string) => `${file}: the file is not UTF-8 text (expected YAML or JSON)`,
  yamlAliases: (file: string, limit: number) =>
    `${file}: YAML aliases expand too far (more than ${limit} alias expansions; an alias bomb?): write the values out or use fewer aliases`,
  tooDeep: (file: string, limit: number) => `${file}: mappings and lists are nested deeper than gpufleet's limit of ${limit} levels`,
  setSyntax: (expr: string) => `--set ${expr}: expected PATH=VALUE, e.g. workloads.0.arrival.ratePerS=7.2`,
  setBadPath: (expr: string, path: string, what: string) => `--set ${expr}: ${path}: ${what}`,
  noStopCondition: (file: string) =>
    `${file}: horizon: the run would never end (set horizon.durationS or a count on every workload)`,
  pluginLoad: (file: string, path: readonly (string | number)[], modulePath: string, reason: string) =>
    `${file}: ${formatPath(path)}: cannot load policy module ${JSON.stringify(modulePath)} (${reason})`,
  pluginNotAllowed: (file: string, path: readonly (string | number)[], modulePath: string, shown: string) =>
    `${file}: ${formatPath(path)}: policy module ${JSON.stringify(modulePath)} is code, and a scenario runs code only when the command line allows it: add --allow-module ${shown}`,
  allowModuleNotFound: (path: string) => `--allow-module ${path}: file not found (give the path of a .js or .mjs policy module)`,
  pluginShape: (file: string, path: readonly (string | number)[], modulePath: string, kind: string) =>
    `${file}: ${formatPath(path)}: ${JSON.stringify(modulePath)} does not export a ${kind} policy (an object with name, description and the ${kind} method as default export or named "policy")`,
  outputExists: (dir: string, marker?: string) =>
    `${dir}: exists and is not a gpufleet run directory${marker === undefined ? "" : ` (no ${marker} file)`}; refusing to replace it (give a new --out, or remove it yourself)`,
  outputNotDirectory: (dir: string) => `${dir}: exists and is not a directory; refusing to replace it (give another --out)`,
  outputFileUnwritable: (file: string, reason: string) =>
    `${file.length > 80 ? `${file.slice(0, 60)}... (${file.length} characters)` : file}: cannot write the file (${reason}; give another --out)`,
  outputUnwritable: (dir: string, reason: string) =>
    `${dir.length > 80 ? `${dir.slice(0, 60)}... (${dir.length} characters)` : dir}: cannot write the output directory (${reason}; give another --out)`,
  traceFileUnwritable: (file: string, reason: string) =>
    `${file.length > 80 ? `${file.slice(0, 60)}... (${file.length} characters)` : file}: cannot write the trace file (${reason}; give another --trace-events path)`,
  traceEventsOneRun: (why: string) => `--trace-events writes the timeline of one simulation run; ${why}`,
  placementViolation: (policy: string, job: string, what: string) =>
    `placement policy ${JSON.stringify(policy)} returned an invalid placement for job ${job}: ${what}`,
  noWebgpuAdapter: (tried: readonly string[]) =>
    `calibrate: no WebGPU adapter found (tried: ${tried.join(", ")}); install a Vulkan driver: \`bash scripts/install-vulkan-cpu.sh\` as root (libvulkan1 + Mesa lavapipe, CPU), \`apt-get install libvulkan1 chromium\` (SwiftShader, CPU), or your GPU vendor's Vulkan driver`,
  webgpuNotInstalled: () =>
    "calibrate: the optional package `webgpu` is not installed (npm ci --omit=optional skips it); install it with `npm install webgpu` and run gpufleet calibrate again",
  webgpuUnloadable: (reason: string) => `calibrate: the package \`webgpu\` is installed but cannot be loaded (${reason}); reinstall it with \`npm install webgpu\``,
  icdNotFound: (path: string) =>
    `--icd ${path}: file not found (give a Vulkan ICD json, e.g. .vulkan/lavapipe/lvp_icd.json or /usr/lib/chromium/vk_swiftshader_icd.json)`,
  calibrationWrongResults: (driver: string, kernels: readonly string[]) =>
    `calibrate: ${driver} computed wrong results (${kernels.join(", ") || "too few verified shapes"} differ from the CPU reference); try another driver with --icd`,
  calibrateUnknownGpu: (name: string, allowed: readonly string[]) => `calibrate: --as ${JSON.stringify(name)}: not a catalog GPU (allowed: ${formatChoices(allowed)})`,
  profileGpuMismatch: (file: string, path: readonly (string | number)[], measured: string, target: string, transferPath: string) =>
    `${file}: ${formatPath(path)}: the calibration profile measured ${measured}, not ${target}; a profile prices only the GPU type it measured (set ${transferPath}: efficiency to carry its efficiency curves over to ${target})`,
  runDirNotFound: (dir: string) => `${dir}: directory not found (give a run directory written by \`gpufleet run --out DIR\`)`,
  notARunDir: (dir: string, marker: string) =>
    `${dir}: not a gpufleet run directory (no ${marker}; give a directory written by \`gpufleet run --out DIR\`)`,
  runFileInvalid: (file: string, what: string) => `${file}: not a valid gpufleet run file (${what})`,
  csvInvalid: (file: string, what: string) => `${file}: cannot read the CSV file (${what})`,
  badSeed: (got: string) => `--seed ${JSON.stringify(got)}: expected a whole number from 0 to 9007199254740991, e.g. --seed 7`,
  badSeeds: (got: string) => `--seeds ${got}: expected a whole number of replications from 1 to 1000`,
  sweepFileNotFound: (file: string) => `${file}: file not found (give the path of a sweep .yaml file, e.g. scenarios/sweeps/policies.yaml)`,
  sweepFileEmpty: (file: string) => `${file}: the file is empty (expected a sweep mapping with scenario, grid, policies and seeds)`,
  sweepCell: (file: string, cell: string, what: string) => `${file}: cell ${cell}: ${what}`,
  sweepMismatch: (dir: string, file: string) =>
    `${dir}: holds the runs of a different sweep than ${file} (its sweep.json differs); drop --resume to start over or give another --out`,
  notASweepDir: (dir: string) => `${dir}: not a sweep output directory (no sweep.json; give a directory written by gpufleet sweep)`,
  mergeMismatch: (dir: string, first: string) => `${dir}: holds a different sweep than ${first} (sweep.json differs); merge only shards of one sweep`,
  mergeNothing: () => `merge: give at least one sweep output directory`,
  badShard: (expr: string) => `--shard ${expr}: expected I/N with 0 <= I < N (indices count from 0, as job arrays do), e.g. --shard 0/4, or --shard auto`,
  shardFromOne: (expr: string, count: number) =>
    `--shard ${expr}: shard indices count from 0, so the last of ${count} shards is ${count - 1}/${count} (as SLURM_ARRAY_TASK_ID with --array=0-${count - 1} and JOB_COMPLETION_INDEX give them)`,
  shardEnv: (name: string, got: string) => `--shard auto: ${name}=${JSON.stringify(got)} is not a whole number >= 0`,
  shardAutoNoCount: (indexVar: string, countVars: string) => `--shard auto: ${indexVar} is set but not the shard count (set ${countVars})`,
  shardAutoRange: (name: string, got: number, count: number) => `--shard auto: ${name}=${got} is outside the ${count} shards of this array (0..${count - 1})`,
  shardAutoNone: () =>
    `--shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set; give --shard I/N instead`,
  badEmit: (got: string, allowed: readonly string[]) => `--emit ${got}: unknown launch template (allowed: ${formatChoices(allowed)})`,
  shardWithEmit: () => `--shard and --emit do not go together: --emit writes the launch template whose tasks pass --shard auto`,
  badShards: (got: string) => `--shards ${got}: expected a whole number of array tasks from 1 to 100000`,
  mergeIncomplete: (dir: string, missing: number, total: number, names: readonly string[]) =>
    `merge ${dir}: ${missing} of ${total} runs missing: ${names.join(", ")}${missing > names.length ? `, ... (${missing - names.length} more)` : ""} (run the remaining shards, or gpufleet sweep --resume)`,
  badWait: (got: string) => `--wait ${got}: expected a number of seconds >= 0`,
  mergeWaitTimeout: (dir: string, waitS: number) => `merge ${dir}: the sweep did not complete within --wait ${waitS} s`,
  badWorkers: (got: string) => `--workers ${got}: expected a whole number of worker threads from 1 to 4096`,
  compareDirNotFound: (dir: string) => `${dir}: directory not found (give run directories written by gpufleet run or gpufleet sweep)`,
  compareNotARun: (dir: string) =>
    `${dir}: not a run directory (no summary.json, nor seed*/summary.json inside; give directories written by gpufleet run or gpufleet sweep)`,
  regressManifestNotFound: (file: string) => `${file}: file not found (give a baselines manifest, e.g. results/baselines/manifest.yaml)`,
  baselineMissing: (file: string, name: string) => `${file}: no baseline for ${JSON.stringify(name)} (record it with gpufleet regress --update)`,
  regressMetricMissing: (file: string, name: string, path: string) =>
    `${file}: ${name}: metric ${JSON.stringify(path)} is not in the run's summary.json (give a dotted path such as jobs.waitS.mean)`,
  regressFailed: (details: readonly string[]) => `regress: ${details.length} metric(s) regressed: ${details.join("; ")}`,
  traceNotFound: (file: string, what: string) => `${file}: file not found (give the path of ${what})`,
  traceHeader: (file: string, missing: readonly string[], expected: readonly string[]) =>
    `${file}: line 1: missing column(s) ${missing.join(", ")} (an openb file has the columns ${expected.join(", ")})`,
  traceRow: (file: string, line: number, what: string) => `${file}: line ${line}: ${what} (use --lenient to skip bad rows)`,
  traceEmpty: (file: string, what: string) => `${file}: no ${what} in the file (after the header)`,
  traceNoTimes: (file: string) =>
    `${file}: the pod list has no creation_time/deletion_time columns, so it cannot be replayed in time (use it with experiment: fill)`,
  fillNoGpus: (scenario: string) => `${scenario}: experiment fill needs a cluster with GPUs`,
  fillNoPods: (scenario: string) => `${scenario}: experiment fill found no pods with a GPU request in the workloads`,
  segmentViolation: (policy: string, job: string, tenant: string, node: string, segments: readonly string[], kind: "job" | "replica" = "job") =>
    `placement policy ${JSON.stringify(policy)} put ${kind} ${job} of tenant ${JSON.stringify(tenant)} on node ${node}, outside the tenant's segments (${segments.join(", ")})`,
  unknownTenant: (file: string, path: readonly (string | number)[], tenant: string, known: readonly string[]) =>
    `${file}: ${formatPath(path)}: unknown tenant ${JSON.stringify(tenant)} (tenants: ${formatChoices(known)})`,
  segmentWithoutNodes: (file: string, path: readonly (string | number)[], label: string) =>
    `${file}: ${formatPath(path)}: no node carries the label ${JSON.stringify(label)} (give it to node groups or racks with labels: [...])`,
  planTarget: (text: string) => `--target ${text}: expected PATH<=VALUE or PATH>=VALUE, e.g. requests.ttftS.p99<=0.5 or jobs.completed>=1000`,
  planUnreachable: (vary: string, max: number, targets: readonly string[]) =>
    `plan: even ${vary}=${max} does not meet ${targets.join(" and ")} (raise --max, or check the targets)`,
  planMetricMissing: (target: string, path: string, blocks: readonly string[]) =>
    `--target ${target}: ${path} is not a metric of this scenario's summary.json (its blocks: ${blocks.join(", ")}; e.g. jobs.waitS.p99, requests.ttftS.p99, gpus.allocatedFraction)`,
  planRange: (min: number, max: number) => `plan: --min ${min} and --max ${max} must be integers with 0 <= min <= max`,
  planUnknownGpu: (names: readonly string[], known: readonly string[]) =>
    `--compare-gpus: unknown GPU model${names.length > 1 ? "s" : ""} ${names.map((n) => JSON.stringify(n)).join(", ")} (known: ${known.join(", ")})`,
  planCompareVary: (vary: string) => `--compare-gpus needs --vary on a node group's count (e.g. cluster.nodes.0.count), not ${vary}`,
  serviceCannotFit: (file: string, path: readonly (string | number)[], service: string, why: string) =>
    `${file}: ${formatPath(path)}: service ${JSON.stringify(service)} can never run a replica: ${why}`,
  promptsOverBatchTokens: (service: string, count: number, maxBatchTokens: number) =>
    `warning: service ${JSON.stringify(service)}: ${count.toLocaleString("en-US")} request(s) rejected at arrival: prompt longer than batching.maxBatchTokens (${maxBatchTokens}) with batching.chunkedPrefill off, as vLLM rejects them (turn on chunkedPrefill or raise maxBatchTokens)`,
} as const;
