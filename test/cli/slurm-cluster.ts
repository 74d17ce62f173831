/**
 * A throwaway single-host Slurm cluster on localhost for tests: munged with its own key and
 * socket, slurmctld and slurmd in the foreground as children of the test (so they are stopped
 * by PID), all state in one temporary directory named by SLURM_CONF. No accounting: jobs are
 * followed with squeue and scontrol.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, hostname, tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** The programs the cluster needs (Debian packages slurmctld, slurmd, slurm-client, munge). */
const programs = ["munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "sinfo", "setpriv"];

/** Why a Slurm cluster cannot be started here, or undefined when it can. */
export function slurmUnavailable(): string | undefined {
  const missing = programs.filter((p) => spawnSync("sh", ["-c", `command -v ${p}`]).status !== 0);
  if (missing.length > 0) return `missing ${missing.join(", ")} (apt-get install --no-install-recommends slurmctld slurmd slurm-client munge)`;
  if (userInfo().uid !== 0) return "slurmd and munged need root to start (as in CI)";
  if (spawnSync("id", ["munge"]).status !== 0) return "no munge user (install the munge package)";
  return undefined;
}

/** A started cluster. */
export interface SlurmCluster {
  /** Environment for Slurm commands (SLURM_CONF set). */
  env: NodeJS.ProcessEnv;
  /** The temporary directory holding config, state, logs and the munge socket. */
  dir: string;
  /** Stop the daemons by PID and remove the directory. */
  stop(): Promise<void>;
}

/** Run a Slurm client command; its stdout, or an error with its stderr. */
export function slurmCommand(env: NodeJS.ProcessEnv, command: string, args: readonly string[]): string {
  const r = spawnSync(command, args, { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")}: exit ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Wait until `check` is true, polling every `everyMs`; throws `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: () => string, everyMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function startDaemon(command: string, args: readonly string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const chunks: string[] = [];
  child.stdout?.on("data", (d: Buffer) => chunks.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => chunks.push(d.toString()));
  child.on("exit", () => writeFileSync(logFile, chunks.join("")));
  return child;
}

function stopDaemon(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolveStop();
    });
    process.kill(child.pid as number, "SIGTERM");
  });
}

/** Start munged, slurmctld and slurmd on localhost with `cpus` CPUs; resolves once the node is idle. */
export async function startSlurmCluster(cpus = availableParallelism()): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), "gpufleet-slurm-"));
  chmodSync(dir, 0o755); // munged (user munge) must reach its socket directory inside
  const mungeDir = join(dir, "munge");
  const socketDir = join(mungeDir, "socket");
  mkdirSync(socketDir, { recursive: true });
  for (const sub of ["state", "spool", "log"]) mkdirSync(join(dir, sub));
  const munge = { uid: Number(slurmCommand(process.env, "id", ["-u", "munge"])), gid: Number(slurmCommand(process.env, "id", ["-g", "munge"])) };
  chownSync(mungeDir, munge.uid, munge.gid);
  chownSync(socketDir, munge.uid, munge.gid);
  chmodSync(mungeDir, 0o711);
  chmodSync(socketDir, 0o755);
  const key = join(mungeDir, "munge.key");
  const asMunge = ["--reuid=munge", "--regid=munge", "--clear-groups"];
  slurmCommand(process.env, "setpriv", [...asMunge, "mungekey", "--create", `--keyfile=${key}`]);
  chmodSync(key, 0o400);
  const socket = join(socketDir, "munge.socket.2");
  const daemons: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const d of [...daemons].reverse()) await stopDaemon(d);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    daemons.push(
      startDaemon(
        "setpriv",
        [...asMunge, "munged", "--foreground", `--key-file=${key}`, `--socket=${socket}`, `--pid-file=${join(mungeDir, "munged.pid")}`, `--log-file=${join(mungeDir, "munged.log")}`, `--seed-file=${join(mungeDir, "munged.seed")}`],
        process.env,
        join(dir, "log", "munged.out"),
      ),
    );
    await waitFor(() => existsSync(socket), 20_000, () => `munged socket ${socket}`);
    // Ports away from the defaults (6817/6818), so a system Slurm on the machine is left alone.
    const port = 20_000 + (process.pid % 20_000);
    const node = hostname().split(".")[0] as string;
    const conf = join(dir, "slurm.conf");
    writeFileSync(
      conf,
      [
        "ClusterName=gpufleet-test",
        "SlurmctldHost=localhost",
        `SlurmctldPort=${port}`,
        `SlurmdPort=${port + 1}`,
        "SlurmUser=root",
        "SlurmdUser=root",
        "AuthType=auth/munge",
        `AuthInfo=socket=${socket}`,
        "CredType=cred/munge",
        `StateSaveLocation=${join(dir, "state")}`,
        `SlurmdSpoolDir=${join(dir, "spool")}`,
        `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
        `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
        `SlurmctldLogFile=${join(dir, "log", "slurmctld.log")}`,
        `SlurmdLogFile=${join(dir, "log", "slurmd.log")}`,
        "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none",
        "MpiDefault=none",
        "SwitchType=switch/none",
        "AccountingStorageType=accounting_storage/none",
        "JobAcctGatherType=jobacct_gather/none",
        "JobCompType=jobcomp/none",
        "SelectType=select/cons_tres",
        "SelectTypeParameters=CR_CPU",
        "DependencyParameters=kill_invalid_depend",
        "SlurmdParameters=config_overrides",
        "ReturnToService=2",
        "MinJobAge=600",
        `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus} State=UNKNOWN`,
        "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
        "",
      ].join("\n"),
    );
    const env = { ...process.env, SLURM_CONF: conf };
    daemons.push(startDaemon("slurmctld", ["-D", "-i"], env, join(dir, "log", "slurmctld.out")));
    daemons.push(startDaemon("slurmd", ["-D"], env, join(dir, "log", "slurmd.out")));
    const state = (): string => spawnSync("sinfo", ["-h", "-o", "%T"], { env, encoding: "utf8" }).stdout.trim();
    await waitFor(
      () => state() === "idle",
      60_000,
      () => `node ${node} idle (sinfo says ${JSON.stringify(state())}; ${readLog(join(dir, "log", "slurmctld.log"))})`,
    );
    return { env, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The last lines of a log file, for error messages. */
export function readLog(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8").trim().split("\n").slice(-5).join(" | ") : `${path} missing`;
}
