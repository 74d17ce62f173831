import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ScenarioError, formatPath, message } from "../messages.js";
import { schemaAt } from "./schema-walk.js";
import { didYouMean } from "./suggest.js";

/** Keys that would reach an object's prototype instead of a field: never part of a path. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** One `--set path=value` override, parsed. */
export interface Override {
  /** The expression as the user typed it (for error messages). */
  expr: string;
  /** Dotted path split into keys; numeric parts index arrays. */
  path: (string | number)[];
  /** The value, parsed as a YAML scalar or flow collection (so `7.2`, `true`, `[1,2]`, `{a: 1}` work). */
  value: unknown;
}

/** Parse `a.b.0.c=value` expressions. */
export function parseOverride(expr: string): Override {
  const eq = expr.indexOf("=");
  if (eq <= 0) throw new ScenarioError(message.setSyntax(expr));
  const rawPath = expr.slice(0, eq).trim();
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(rawPath)) throw new ScenarioError(message.setSyntax(expr));
  const path = rawPath.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  const forbidden = path.find((k) => typeof k === "string" && FORBIDDEN_KEYS.has(k));
  if (forbidden !== undefined) throw new ScenarioError(message.setBadPath(expr, rawPath, `${JSON.stringify(forbidden)} is not a field (give a field path as validate --print shows it)`));
  if (path.some((k) => typeof k === "number" && !Number.isSafeInteger(k))) throw new ScenarioError(message.setBadPath(expr, rawPath, "list index too large"));
  const rawValue = expr.slice(eq + 1);
  let value: unknown;
  try {
    value = rawValue.trim() === "" ? "" : parseYaml(rawValue);
  } catch {
    value = rawValue; // not YAML: keep the text as a string; the schema says whether that is valid
  }
  return { expr, path, value };
}

/** Apply overrides to a raw document in place, checking each path against the schema first. */
export function applyOverrides(document: Record<string, unknown>, overrides: readonly Override[], schema: z.core.$ZodType): void {
  for (const o of overrides) {
    // List indices first: an index past the end is a clearer error than what the schema walk would say.
    let node: unknown = document;
    for (let i = 0; i < o.path.length && node !== null && typeof node === "object"; i++) {
      checkIndex(o, node, o.path[i] as string | number, i);
      node = (node as Record<string | number, unknown>)[o.path[i] as string | number];
    }
    const walk = schemaAt(schema, o.path, document);
    if (!walk.ok) {
      const what =
        walk.reason === "unknown-field"
          ? `unknown field ${JSON.stringify(String(walk.failedAt[walk.failedAt.length - 1]))} (allowed here: ${(walk.allowed ?? []).join(", ")}${didYouMean(String(walk.failedAt[walk.failedAt.length - 1]), walk.allowed ?? [])})`
          : `no such field (${formatPath(walk.failedAt.slice(0, -1))} holds no field ${JSON.stringify(String(walk.failedAt[walk.failedAt.length - 1]))})`;
      throw new ScenarioError(message.setBadPath(o.expr, formatPath(o.path), what));
    }
    let container: Record<string | number, unknown> = document;
    for (let i = 0; i < o.path.length - 1; i++) {
      const key = o.path[i] as string | number;
      checkIndex(o, container, key, i);
      let next = container[key];
      if (next === undefined) {
        next = typeof o.path[i + 1] === "number" ? [] : {};
        container[key] = next;
      }
      if (next === null || typeof next !== "object") {
        throw new ScenarioError(message.setBadPath(o.expr, formatPath(o.path), `${formatPath(o.path.slice(0, i + 1))} is ${JSON.stringify(next)}, not a mapping or list`));
      }
      container = next as Record<string | number, unknown>;
    }
    const last = o.path[o.path.length - 1] as string | number;
    checkIndex(o, container, last, o.path.length - 1);
    container[last] = o.value;
  }
}

/** A list index may address an element or append one, never leave a hole. */
function checkIndex(o: Override, container: unknown, key: string | number, depth: number): void {
  if (!Array.isArray(container)) return;
  if (typeof key !== "number" || key > container.length) {
    const where = formatPath(o.path.slice(0, depth));
    throw new ScenarioError(message.setBadPath(o.expr, formatPath(o.path), `${where} is a list of ${container.length}; use an index from 0 to ${container.length}`));
  }
}
