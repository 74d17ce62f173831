/**
 * Temporary run directories removed when the process dies before finishing them (SIGINT,
 * SIGTERM, an out-of-memory kill). JS signal handlers cannot run while a simulation computes
 * synchronously, and installing them would stop Ctrl-C from ending the run at once, so a small
 * watchdog process per temp (its own process group, so Ctrl-C spares it) removes it when its stdin
 * closes, i.e. when this process is gone. The CLI enables it; library
 * callers and worker threads do not spawn one (a later run removes stale temps: removeDeadTemps).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { sep } from "node:path";
import { isMainThread } from "node:worker_threads";

let enabled = false;
const watched = new Map<string, ChildProcess>();

// The watchdog gets the directory as an argument (known at spawn, before any simulation blocks the
// event loop) and removes it when its stdin closes, i.e. when this process is gone. After a normal
// finish the directory was renamed into place, so removing the temp path does nothing.
const watchdogScript = `
const dir = process.argv[1];
process.stdin.on("data", () => {});
process.stdin.on("end", () => { require("node:fs").rmSync(dir, { recursive: true, force: true }); });
`;

/** Let this process spawn watchdogs (the CLI calls it once; tests of the library need not). */
export function enableInterruptCleanup(): void {
  enabled = true;
}

/** Remove `dir` if the process dies before the returned release function is called. */
export function removeOnSignal(dir: string): () => void {
  if (!enabled || !isMainThread) return () => {};
  // A temp inside a watched one (the seeds of a replication) goes with it.
  for (const outer of watched.keys()) if (dir.startsWith(`${outer}${sep}`)) return () => {};
  // A bare environment: NODE_OPTIONS of the parent (a test runner's loader) must not break the watchdog.
  const child = spawn(process.execPath, ["-e", watchdogScript, dir], { stdio: ["pipe", "ignore", "ignore"], detached: true, env: {} });
  child.on("error", () => {}); // without a watchdog only the next run's stale-temp sweep cleans up
  child.unref();
  // The pipe must not keep the event loop alive either: the CLI exits when its work is done.
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  watched.set(dir, child);
  return () => {
    watched.delete(dir);
    child.stdin?.end();
  };
}
