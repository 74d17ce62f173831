import type { z } from "zod";

/** A zod schema of any kind (walking reads `_zod.def`, zod 4's documented definition object). */
type AnySchema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  values?: unknown[];
  keyType?: AnySchema;
  valueType?: AnySchema;
  entries?: Record<string, unknown>;
}

function defOf(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

function descriptionOf(schema: AnySchema): string | undefined {
  return (schema as unknown as { description?: string }).description;
}

/** Strip optional/default/prefault/nullable/pipe wrappers, keeping the first description seen. */
export function unwrap(schema: AnySchema): { schema: AnySchema; description: string | undefined } {
  let current = schema;
  let description = descriptionOf(current);
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (inner === undefined) return { schema: current, description };
    current = inner;
    description ??= descriptionOf(current);
  }
}

/** Keys a record's key schema allows (an enum's values), or undefined for any string key. */
function recordKeys(def: Def): string[] | undefined {
  if (def.keyType === undefined) return undefined;
  const keyDef = defOf(unwrap(def.keyType).schema);
  if (keyDef.type === "enum" && keyDef.entries !== undefined) return Object.keys(keyDef.entries);
  return keyDef.values?.map(String);
}

/** Keys an object (or enum-keyed record) schema allows, or undefined when `schema` is neither. */
export function objectKeys(schema: AnySchema, input?: unknown): string[] | undefined {
  const s = concrete(schema, input);
  const def = defOf(s);
  if (def.type === "object" && def.shape) return Object.keys(def.shape);
  if (def.type === "record") return recordKeys(def);
  return undefined;
}

/** True when an object-like option (object, record, or a union holding one) can hold `key`. */
function optionHasKey(option: AnySchema, input: unknown, key: string | number | undefined): boolean {
  const s = concrete(option, input);
  const def = defOf(s);
  if (def.type === "object" && def.shape) return key === undefined || Object.hasOwn(def.shape, String(key));
  return def.type === "record";
}

/**
 * For a union, the option matching the input: by discriminator; else, for a mapping, the first
 * object-like option that has `key` (the next path step), else the first object-like option; for
 * anything else, the first option that is not a mapping.
 */
function pickOption(def: Def, input: unknown, key?: string | number): AnySchema | undefined {
  const options = def.options ?? [];
  if (def.discriminator !== undefined && input !== null && typeof input === "object") {
    const tag = (input as Record<string, unknown>)[def.discriminator];
    for (const option of options) {
      const shape = defOf(unwrap(option).schema).shape;
      const literal = shape !== undefined && Object.hasOwn(shape, def.discriminator) ? shape[def.discriminator] : undefined;
      if (literal && defOf(literal).values?.includes(tag)) return option;
    }
    return undefined;
  }
  if (input !== null && typeof input === "object" && !Array.isArray(input)) {
    const objectLike = options.filter((o) => ["object", "union", "record"].includes(defOf(unwrap(o).schema).type));
    return objectLike.find((o) => optionHasKey(o, input, key)) ?? objectLike[0];
  }
  return options.find((o) => defOf(unwrap(o).schema).type !== "object");
}

/** The schema itself, unwrapped, with unions resolved against the input (nested unions too). */
function concrete(schema: AnySchema, input: unknown, key?: string | number): AnySchema {
  let s = unwrap(schema).schema;
  for (let depth = 0; depth < 8; depth++) {
    const def = defOf(s);
    if (def.type !== "union") return s;
    const option = pickOption(def, input, key);
    if (option === undefined) return s;
    s = unwrap(option).schema;
  }
  return s;
}

/** What the walk found at a path: the schema there, or why the path does not exist. */
export type WalkResult =
  | { ok: true; schema: AnySchema; description: string | undefined }
  | { ok: false; failedAt: (string | number)[]; allowed: string[] | undefined; reason: "unknown-field" | "not-a-container" };

/** Follow `path` through `schema`, using `input` (the document) to choose union options. */
export function schemaAt(schema: AnySchema, path: readonly (string | number)[], input: unknown): WalkResult {
  let current: AnySchema = schema;
  let value: unknown = input;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string | number;
    const s = concrete(current, value, key);
    const def = defOf(s);
    if (def.type === "union") return { ok: false, failedAt: path.slice(0, i + 1), allowed: undefined, reason: "not-a-container" };
    if (def.type === "object" && def.shape) {
      // Own keys only: `toString`, `__proto__` and `constructor` are no fields of any schema.
      const next = Object.hasOwn(def.shape, String(key)) ? def.shape[String(key)] : undefined;
      if (next === undefined) return { ok: false, failedAt: path.slice(0, i + 1), allowed: Object.keys(def.shape), reason: "unknown-field" };
      current = next;
    } else if (def.type === "record" && def.valueType) {
      const allowed = recordKeys(def);
      if (allowed !== undefined && !allowed.includes(String(key))) return { ok: false, failedAt: path.slice(0, i + 1), allowed, reason: "unknown-field" };
      current = def.valueType;
    } else if (def.type === "array" && def.element && /^\d+$/.test(String(key))) {
      current = def.element;
    } else {
      return { ok: false, failedAt: path.slice(0, i + 1), allowed: undefined, reason: "not-a-container" };
    }
    value = value !== null && typeof value === "object" && Object.hasOwn(value, String(key)) ? (value as Record<string, unknown>)[String(key)] : undefined;
  }
  const { description } = unwrap(current);
  return { ok: true, schema: current, description };
}

/** The value at `path` inside a plain document, or undefined. */
export function valueAt(document: unknown, path: readonly (string | number)[]): unknown {
  let value = document;
  for (const key of path) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, String(key))) return undefined;
    value = (value as Record<string, unknown>)[String(key)];
  }
  return value;
}
