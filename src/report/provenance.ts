import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where a run came from: the program version, the exact scenario and how it was started. */
export interface Provenance {
  /** gpufleet's package.json version ("unknown" when it cannot be found). */
  version: string;
  /** First 12 hex digits of the SHA-256 of resolved-scenario.json (null when the file is absent). */
  scenarioHash: string | null;
  /** The command line the CLI recorded in summary.json's `run.command`, or "library" when none was. */
  command: string;
}

/** Hex digits of the scenario hash shown. */
export const SCENARIO_HASH_DIGITS = 12;

/** The scenario hash: SHA-256 of the resolved scenario's JSON text (the bytes of resolved-scenario.json), first 12 hex. */
export function scenarioHash(resolvedScenarioText: string): string {
  return createHash("sha256").update(resolvedScenarioText).digest("hex").slice(0, SCENARIO_HASH_DIGITS);
}

/** The command recorded in a summary's `run` block, else "library" (runToDirectory called without one). */
export function recordedCommand(summary: Record<string, unknown>): string {
  const run = summary.run;
  const command = run !== null && typeof run === "object" ? (run as { command?: unknown }).command : undefined;
  return typeof command === "string" && command !== "" ? command : "library";
}

let cachedVersion: string | undefined;

/** gpufleet's version from its package.json, found from this module's place in src/ or dist/. */
export function packageVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  cachedVersion = "unknown";
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      try {
        const parsed = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
        if (parsed.name === "gpufleet" && typeof parsed.version === "string") {
          cachedVersion = parsed.version;
          break;
        }
      } catch {
        // An unreadable package.json on the way up is not ours; keep looking.
      }
    }
    dir = dirname(dir);
  }
  return cachedVersion;
}

/** The provenance of a run directory's report. */
export function provenanceOf(summary: Record<string, unknown>, resolvedScenarioFile: string | null): Provenance {
  const hash = resolvedScenarioFile !== null && existsSync(resolvedScenarioFile) ? scenarioHash(readFileSync(resolvedScenarioFile, "utf8")) : null;
  return { version: packageVersion(), scenarioHash: hash, command: recordedCommand(summary) };
}
