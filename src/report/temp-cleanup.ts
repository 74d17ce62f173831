/**
 * Temporary run directories removed when the process dies before finishing them (SIGINT,
 * SIGTERM, an out-of-memory kill). JS signal handlers cannot run while a simulation computes
 * synchronously, and installing them would stop Ctrl-C from ending the run at once, so a small
 * watchdog process (its own process group, so Ctrl-C spares it) holds the list: when its stdin
 * closes, i.e. when this process is gone, it removes what is left. The CLI enables it; library
 * callers and worker threads do not spawn one (a later run removes stale temps: removeDeadTemps).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { isMainThread } from "node:worker_threads";

let enabled = false;
let watchdog: ChildProcess | undefined;

// The watchdog: one path per line, "+" registers and "-" releases; at end of input it removes the rest.
const watchdogScript = `
const { rmSync } = require("node:fs");
const dirs = new Set();
let buffer = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffer += chunk;
  let nl;
  while ((nl = buffer.indexOf("\\n")) >= 0) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    if (line.startsWith("+")) dirs.add(line.slice(1));
    else if (line.startsWith("-")) dirs.delete(line.slice(1));
  }
});
process.stdin.on("end", () => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
`;

/** Let this process spawn the watchdog (the CLI calls it once; tests of the library need not). */
export function enableInterruptCleanup(): void {
  enabled = true;
}

function send(line: string): void {
  if (watchdog === undefined) {
    watchdog = spawn(process.execPath, ["-e", watchdogScript], { stdio: ["pipe", "ignore", "ignore"], detached: true });
    watchdog.on("error", () => {}); // without a watchdog only the next run's stale-temp sweep cleans up
    watchdog.unref();
    // The pipe must not keep the event loop alive either: the CLI exits when its work is done.
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }
  watchdog.stdin?.write(`${line}\n`);
}

/** Remove `dir` if the process dies before the returned release function is called. */
export function removeOnSignal(dir: string): () => void {
  if (!enabled || !isMainThread || dir.includes("\n")) return () => {};
  send(`+${dir}`);
  return () => send(`-${dir}`);
}
