import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ScenarioError, message } from "../messages.js";

/** Marker file that identifies a directory as a gpufleet run (so we only ever replace our own). */
export const RUN_MARKER = "summary.json";

/**
 * Write a run into a fresh temporary directory next to `outDir`, then move it into place, so a
 * crash or Ctrl-C never leaves a half-written run and an existing run is replaced whole.
 */
export async function writeAtomically<T>(outDir: string, write: (tempDir: string) => Promise<T> | T): Promise<T> {
  const target = resolve(outDir);
  if (existsSync(target) && !existsSync(join(target, RUN_MARKER))) throw new ScenarioError(message.outputExists(outDir));
  mkdirSync(dirname(target), { recursive: true });
  const temp = mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
  try {
    const result = await write(temp);
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
  }
}
