/** Run the compiled CLI (dist/cli/main.js, built by `npm ci`'s prepare script) in a child process. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../helpers.js";

const mainJs = join(repoRoot, "dist", "cli", "main.js");

/** Outcome of a CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `gpufleet ARGS` in `cwd` (default the repository root), non-interactive (CI=true). */
export function runCli(args: readonly string[], cwd = repoRoot): CliResult {
  const result = spawnSync(process.execPath, [mainJs, ...args], { encoding: "utf8", cwd, env: { ...process.env, CI: "true" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
