/**
 * Run the CLI in this process, as `main.ts` does, capturing what it writes and its exit code:
 * the fuzzer and tests drive thousands of invocations through the same code path without
 * spawning a process each.
 */
import { buildCli } from "./cli.js";
import { exitCodeFor, reportError } from "./errors.js";

/** What one in-process invocation produced. */
export interface InProcessResult {
  /** Exit code main.ts would set (0 when nothing set one). */
  code: number;
  /** Everything written to stdout. */
  stdout: string;
  /** Everything written to stderr. */
  stderr: string;
}

type Write = typeof process.stdout.write;

/** Run `gpufleet ...argv` in-process (stdout and stderr captured, not printed). */
export async function runCliInProcess(argv: readonly string[]): Promise<InProcessResult> {
  let stdout = "";
  let stderr = "";
  const outWrite = process.stdout.write;
  const errWrite = process.stderr.write;
  const savedExitCode = process.exitCode;
  process.exitCode = undefined;
  const capture = (append: (s: string) => void): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }) as Write;
  process.stdout.write = capture((s) => {
    stdout += s;
  });
  process.stderr.write = capture((s) => {
    stderr += s;
  });
  let code = 0;
  try {
    await buildCli([...argv]).exitProcess(false).parseAsync();
    code = typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    reportError(error);
    code = exitCodeFor(error);
  } finally {
    process.stdout.write = outWrite;
    process.stderr.write = errWrite;
    process.exitCode = savedExitCode;
  }
  return { code, stdout, stderr };
}
