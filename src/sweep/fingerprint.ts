/**
 * The sweep fingerprint: a hash of what the runs compute (the cells' scenarios and the seeds),
 * with every file a scenario names (traces, calibration profiles, policy modules) replaced by a
 * hash of its contents. Two checkouts at different paths, or a per-node scratch copy, give the
 * same fingerprint, so their shards merge; an edited trace gives another one.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, isAbsolute, resolve } from "node:path";

/** Extensions of the files a scenario may name by a relative path (policy modules, traces, profiles). */
const fileExtensions = new Set([".js", ".mjs", ".cjs", ".csv", ".json", ".yaml", ".yml", ".gz"]);

/** The file a scenario string names, or undefined when it names none. */
function namedFile(text: string, baseDir: string): string | undefined {
  if (text === "" || text.includes("\n")) return undefined;
  const candidate = isAbsolute(text) ? text : text.includes("/") || fileExtensions.has(extname(text)) ? resolve(baseDir, text) : undefined;
  if (candidate === undefined || !existsSync(candidate)) return undefined;
  return statSync(candidate).isFile() ? candidate : undefined;
}

/** Replaces file names by content hashes, reading each file once. */
export class ContentHasher {
  private readonly hashes = new Map<string, string>();

  /** `baseDir`: where relative names are resolved (the base scenario's directory). */
  constructor(private readonly baseDir: string) {}

  /** SHA-256 of a file's contents, as `sha256:<hex>`. */
  fileHash(path: string): string {
    let hash = this.hashes.get(path);
    if (hash === undefined) {
      hash = `sha256:${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
      this.hashes.set(path, hash);
    }
    return hash;
  }

  /** A deep copy of `value` with every string that names an existing file replaced by that file's content hash. */
  contentsOf(value: unknown): unknown {
    if (typeof value === "string") {
      const file = namedFile(value, this.baseDir);
      return file === undefined ? value : this.fileHash(file);
    }
    if (Array.isArray(value)) return value.map((v) => this.contentsOf(v));
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.contentsOf(v);
      return out;
    }
    return value;
  }
}

/** The fingerprint of a sweep's runs: 16 hex digits of SHA-256 over cell ids, scenarios (files by content) and seeds. */
export function sweepFingerprint(seeds: readonly number[], cells: readonly { id: string; scenario: object }[], baseDir: string): string {
  const hasher = new ContentHasher(baseDir);
  const runs = cells.map((c) => ({ id: c.id, scenario: hasher.contentsOf({ ...c.scenario, seed: 0 }) }));
  return createHash("sha256").update(JSON.stringify({ seeds, cells: runs })).digest("hex").slice(0, 16);
}
