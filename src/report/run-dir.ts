import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { ScenarioError, message } from "../messages.js";
import { removeOnSignal } from "./temp-cleanup.js";

/** File every run directory holds: readers (report, compare) recognise a run by it. */
export const RUN_MARKER = "summary.json";

/** Hidden file that marks a directory gpufleet itself wrote, so `--out` only ever replaces its own. */
export const WRITER_MARKER = ".gpufleet-run";

/** Temp names carry host and pid, so a later run can tell (and remove) the leftovers of a dead process. */
function tempPrefix(target: string): string {
  return `.${basename(target)}.tmp-${hostname().replace(/[^A-Za-z0-9_.]/g, "_")}-${process.pid}-`;
}

/** True when a process with this pid is alive on this machine (EPERM: it exists but is not ours). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Remove `.NAME.tmp-HOST-PID-*` beside `target` left by dead processes of this host (an interrupted or killed run). */
export function removeDeadTemps(target: string): void {
  const parent = dirname(target);
  const prefix = `.${basename(target)}.tmp-${hostname().replace(/[^A-Za-z0-9_.]/g, "_")}-`;
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(entry.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid)) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

/** Turn a file-system error on the output path into one line of bad input (exit 2) instead of a stack trace. */
function outputError(outDir: string, error: unknown): never {
  if (error instanceof ScenarioError) throw error;
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EEXIST: "a parent of it is a regular file",
    ENOTDIR: "a parent of it is a regular file",
    ENAMETOOLONG: "the name is too long for the file system",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    ENOENT: "the parent directory cannot be created there",
    ENOSPC: "no space left on the device",
  };
  const reason = (e.code !== undefined ? reasons[e.code] : undefined) ?? e.code;
  if (reason === undefined) throw error;
  throw new ScenarioError(message.outputUnwritable(outDir, reason));
}

/** The process umask's directory mode (mkdtemp makes 0700; colleagues on a shared cluster should read results). */
function umaskDirMode(): number {
  const mask = process.umask();
  return 0o777 & ~mask;
}

/** Refuse to replace anything gpufleet did not write; a run directory of ours may be replaced whole. */
function checkReplaceable(outDir: string, target: string): void {
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    outputError(outDir, error);
  }
  if (!stat.isDirectory()) throw new ScenarioError(message.outputNotDirectory(outDir));
  if (!existsSync(join(target, WRITER_MARKER))) throw new ScenarioError(message.outputExists(outDir, WRITER_MARKER));
}

/**
 * Write a run into a fresh temporary directory next to `outDir`, then move it into place, so a
 * crash or Ctrl-C never leaves a half-written run and an existing run is replaced whole. Only a
 * directory holding WRITER_MARKER is replaced; SIGINT/SIGTERM remove the temporary directory.
 */
export async function writeAtomically<T>(outDir: string, write: (tempDir: string) => Promise<T> | T): Promise<T> {
  const target = resolve(outDir);
  checkReplaceable(outDir, target);
  let temp: string;
  try {
    mkdirSync(dirname(target), { recursive: true });
    removeDeadTemps(target);
    temp = mkdtempSync(join(dirname(target), tempPrefix(target)));
    chmodSync(temp, umaskDirMode());
  } catch (error) {
    outputError(outDir, error);
  }
  const release = removeOnSignal(temp);
  try {
    const result = await write(temp);
    writeFileSync(join(temp, WRITER_MARKER), "a gpufleet run directory: gpufleet may replace it whole\n");
    if (existsSync(target)) {
      const old = `${temp}.old`;
      renameSync(target, old);
      renameSync(temp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(temp, target);
    }
    return result;
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  } finally {
    release();
  }
}
