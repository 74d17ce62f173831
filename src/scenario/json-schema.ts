/**
 * The scenario file as a JSON Schema (draft 2020-12), generated from the zod schema so editors
 * (yaml-language-server, VS Code) complete and check the same fields that `gpufleet validate` does.
 * Committed as scenario.schema.json; `npm run schema` regenerates it.
 */
import { z } from "zod";
import { type PolicyFamily, policyNames } from "../policies/registry.js";
import { distributionObjectSchema } from "./distribution-schema.js";
import { growthSchema } from "./growth-schema.js";
import { scenarioSchema } from "./schema.js";

/** The schema's `$id`: a name, not a location (editors find the file by the relative path in each scenario's first line). */
export const SCENARIO_SCHEMA_ID = "urn:gpufleet:scenario";

/** A JSON Schema node: a plain JSON object. */
type JsonObject = { [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** Regex source JSON Schema uses for a policy module path (the same rule as isPolicyModulePath). */
export const MODULE_PATH_PATTERN = "\\.(m?js)$";

/** Sub-schemas written once under `$defs` and referenced wherever they occur (matched by equal JSON). */
const SHARED_DEFS: readonly (readonly [string, z.ZodType])[] = [
  ["distribution", distributionObjectSchema],
  ["growth", growthSchema],
];

/** The scheduler fields that name a policy of a family (policyNameSchema: a refinement, invisible to JSON Schema). */
const SCHEDULER_POLICY_FIELDS: readonly PolicyFamily[] = ["queue", "placement", "backfill"];

/** Options of {@link scenarioJsonSchema}. */
export interface ScenarioJsonSchemaOptions {
  /**
   * A zod type with no JSON Schema form: `any` writes `{}` (accepts anything; validate still checks),
   * `throw` fails (the tests use it to prove nothing in the scenario schema falls back today).
   */
  unrepresentable?: "any" | "throw";
}

/** zod → JSON Schema with the options every part of the scenario schema uses. */
function toJson(schema: z.ZodType, unrepresentable: "any" | "throw"): JsonObject {
  const { $schema: _draft, ...json } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    // On the input side transforms only reshape parsed values and refinements are dropped.
    unrepresentable,
  }) as JsonObject;
  return json;
}

/**
 * The scenario JSON Schema, input side: fields that have defaults are optional, as a user writes them.
 * Refinements (cross-field rules such as "give exactly one of durationS or work", registry lookups)
 * cannot be written in JSON Schema; `gpufleet validate` still checks them. Keys come out sorted so
 * the file is byte-stable.
 */
export function scenarioJsonSchema(options: ScenarioJsonSchemaOptions = {}): JsonObject {
  const unrepresentable = options.unrepresentable ?? "any";
  const generated = toJson(scenarioSchema, unrepresentable);
  const properties = generated.properties as Record<string, JsonObject>;
  const scheduler = properties.scheduler?.properties as Record<string, JsonObject> | undefined;
  for (const family of SCHEDULER_POLICY_FIELDS) {
    const field = scheduler?.[family];
    if (field === undefined) throw new Error(`scenario schema: scheduler.${family} is missing`);
    // Offer the registered names for completion, and still accept a module path.
    delete field.type;
    field.anyOf = [{ enum: policyNames(family) }, { type: "string", pattern: MODULE_PATH_PATTERN, description: "Path to a .js/.mjs module exporting a policy." }];
  }
  // `name` defaults to the file's base name: loadScenario fills it before validation.
  const required = (generated.required as string[]).filter((key) => key !== "name");
  // Distributions and growth appear in a dozen fields each; one shared definition of each halves the
  // file. (zod's own `reused: "ref"` names every node __schemaN, which no reader can follow.)
  let deduped = sortKeys(generated) as JsonObject;
  const defs: JsonObject = {};
  for (const [name, schema] of SHARED_DEFS) {
    const def = sortKeys(toJson(schema, unrepresentable)) as JsonObject;
    deduped = replaceEqual(deduped, def, { $ref: `#/$defs/${name}` }) as JsonObject;
    defs[name] = def;
  }
  return sortKeys({
    ...deduped,
    $defs: defs,
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: SCENARIO_SCHEMA_ID,
    title: "gpufleet scenario",
    required,
  }) as JsonObject;
}

/** Replaces every subtree of `value` that is deeply equal to `target` (both key-sorted) by `by`. */
function replaceEqual(value: unknown, target: unknown, by: JsonValue): unknown {
  const key = JSON.stringify(target);
  const walk = (node: unknown): unknown => {
    if (node === null || typeof node !== "object") return node;
    if (JSON.stringify(node) === key) return by;
    if (Array.isArray(node)) return node.map(walk);
    return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, walk(v)]));
  };
  return walk(value);
}

/** The schema as the committed file's text: two-space JSON and a trailing newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/**
 * Sorts object keys recursively (arrays keep their order: anyOf and enum order mean something), and
 * drops the ±2^53-1 bounds zod puts on every integer: noise to a reader, and no YAML value reaches them.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const node = value as Record<string, unknown>;
  const entries = Object.entries(node)
    .filter(([k, v]) => !(node.type === "integer" && ((k === "maximum" && v === Number.MAX_SAFE_INTEGER) || (k === "minimum" && v === Number.MIN_SAFE_INTEGER))))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
