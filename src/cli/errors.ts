/** How the CLI turns errors into one line on stderr and an exit code (DESIGN §6). */

/** Exit code for an error: its own `exitCode` (2 bad input, 1 failed check), else 3 (a bug). */
export function exitCodeFor(error: unknown): number {
  const code = (error as { exitCode?: unknown } | null)?.exitCode;
  if (typeof code === "number") return code;
  if ((error as Error | null)?.name === "PolicyViolationError") return 2;
  // yargs wraps what an option's coerce function throws (e.g. `--seed abc`) in a YError: a usage problem.
  if ((error as Error | null)?.name === "YError") return 2;
  return 3;
}

/** Print an error: one line for expected errors, the stack for bugs. */
export function reportError(error: unknown): void {
  const code = exitCodeFor(error);
  const text = error instanceof Error ? error.message : String(error);
  if (code === 3) {
    process.stderr.write(`gpufleet: internal error (a bug; please report it): ${error instanceof Error ? (error.stack ?? text) : text}\n`);
  } else {
    process.stderr.write(`error: ${text.split("\n")[0]}\n`);
  }
}
