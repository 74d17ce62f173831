/** Compare sweep output directories file by file (for the byte-identical merge tests). */
import { type Dirent, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";

/** Every file under `root`, relative, sorted. */
export function filesUnder(root: string): string[] {
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/**
 * A file's bytes for comparison: summary.json without its `run` block (wall clock and command
 * line), and a report without the command line it shows (runs made by different commands).
 */
export function comparable(path: string): string {
  const text = readFileSync(path, "utf8");
  if (path.endsWith("report.html")) return text.replace(/gpufleet (run|sweep) [^<]*/g, "<command line>");
  if (!path.endsWith("summary.json")) return text;
  const summary = JSON.parse(text) as Record<string, unknown>;
  delete summary.run;
  return JSON.stringify(summary);
}

/** Expect two sweep directories to hold the same files with the same bytes (wall clock and command line aside). */
export function expectSameSweep(a: string, b: string): void {
  const files = filesUnder(a);
  expect(filesUnder(b)).toEqual(files);
  for (const f of files) expect(comparable(join(b, f)), f).toBe(comparable(join(a, f)));
}
