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

/** Keys an object schema allows, or undefined when `schema` is not an object. */
export function objectKeys(schema: AnySchema): string[] | undefined {
  const { schema: s } = unwrap(schema);
  const def = defOf(s);
  return def.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
}

/** For a union, the option matching the input (by discriminator, else the first object option). */
function pickOption(def: Def, input: unknown): AnySchema | undefined {
  const options = def.options ?? [];
  if (def.discriminator !== undefined && input !== null && typeof input === "object") {
    const tag = (input as Record<string, unknown>)[def.discriminator];
    for (const option of options) {
      const shape = defOf(unwrap(option).schema).shape;
      const literal = shape?.[def.discriminator];
      if (literal && defOf(literal).values?.includes(tag)) return option;
    }
    return undefined;
  }
  if (input !== null && typeof input === "object" && !Array.isArray(input)) {
    return options.find((o) => defOf(unwrap(o).schema).type === "object" || defOf(unwrap(o).schema).type === "union");
  }
  return options.find((o) => defOf(unwrap(o).schema).type !== "object");
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
    let { schema: s } = unwrap(current);
    let def = defOf(s);
    if (def.type === "union") {
      const option = pickOption(def, value);
      if (option === undefined) return { ok: false, failedAt: path.slice(0, i + 1), allowed: undefined, reason: "not-a-container" };
      s = unwrap(option).schema;
      def = defOf(s);
    }
    const key = path[i] as string | number;
    if (def.type === "object" && def.shape) {
      const next = def.shape[String(key)];
      if (next === undefined) return { ok: false, failedAt: path.slice(0, i + 1), allowed: Object.keys(def.shape), reason: "unknown-field" };
      current = next;
    } else if (def.type === "array" && def.element && /^\d+$/.test(String(key))) {
      current = def.element;
    } else {
      return { ok: false, failedAt: path.slice(0, i + 1), allowed: undefined, reason: "not-a-container" };
    }
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[String(key)] : undefined;
  }
  const { description } = unwrap(current);
  return { ok: true, schema: current, description };
}

/** The value at `path` inside a plain document, or undefined. */
export function valueAt(document: unknown, path: readonly (string | number)[]): unknown {
  let value = document;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[String(key)];
  }
  return value;
}
