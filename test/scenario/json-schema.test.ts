import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { MODULE_PATH_PATTERN, SCENARIO_SCHEMA_ID, scenarioJsonSchema, scenarioJsonSchemaText } from "../../src/scenario/json-schema.js";
import { isPolicyModulePath } from "../../src/scenario/policy-name.js";
import { scenarioSchema } from "../../src/scenario/schema.js";
import { repoRoot } from "../helpers.js";

const committedPath = join(repoRoot, "scenario.schema.json");
const scenariosDir = join(repoRoot, "scenarios");
/** Example scenarios: every .yaml directly in scenarios/ (scenarios/sweeps/ holds sweep files, another schema). */
const examples = readdirSync(scenariosDir)
  .filter((f) => f.endsWith(".yaml"))
  .sort();
const modeline = /^# yaml-language-server: \$schema=(\S+)$/;

/** A validator for the committed schema, in ajv's strict mode (unknown keywords and loose types are errors). */
function compileCommitted() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(committedPath, "utf8")) as object);
}

describe("scenario.schema.json", () => {
  it("is what `gpufleet schema` generates now", () => {
    const committed = readFileSync(committedPath, "utf8");
    // Not toBe: a 90 kB diff says less than the fix.
    if (committed !== scenarioJsonSchemaText()) {
      expect.fail("scenario.schema.json is stale: the zod scenario schema changed. Regenerate it with `npm run schema` and commit it.");
    }
    expect(committed.endsWith("}\n")).toBe(true);
  });

  it("needs no fallback: every zod type of the scenario has a JSON Schema form", () => {
    expect(() => scenarioJsonSchema({ unrepresentable: "throw" })).not.toThrow();
  });

  it("names itself and keeps the descriptions of the zod schema", () => {
    const schema = scenarioJsonSchema();
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(SCENARIO_SCHEMA_ID);
    expect(schema.title).toBe("gpufleet scenario");
    const seed = (schema.properties as Record<string, { description?: string }>).seed;
    expect(seed?.description).toBe(scenarioSchema.shape.seed.description);
    // `name` defaults to the file name, and fields with defaults are optional on the input side.
    expect(schema.required).toEqual(["cluster", "workloads"]);
  });

  it("describes every field (discriminator constants aside)", () => {
    const schema = scenarioJsonSchema();
    const defs = schema.$defs as Record<string, { description?: string }>;
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== "object") return;
      if (Array.isArray(node)) {
        for (const [i, n] of node.entries()) walk(n, `${path}[${i}]`);
        return;
      }
      const record = node as Record<string, unknown>;
      const properties = record.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, field] of Object.entries(properties ?? {})) {
        const ref = typeof field.$ref === "string" ? defs[field.$ref.replace("#/$defs/", "")] : undefined;
        if (field.description === undefined && ref?.description === undefined && field.const === undefined) undocumented.push(`${path}.${key}`);
      }
      for (const [key, value] of Object.entries(record)) walk(value, `${path}/${key}`);
    };
    walk(schema, "");
    expect(undocumented).toEqual([]);
  });

  it("offers the registered policy names and accepts module paths as the zod schema does", () => {
    const validate = compileCommitted();
    const withQueue = (queue: string) => ({ cluster: { nodes: [{ count: 1, gpu: "H100-SXM" }] }, workloads: [{ kind: "jobs", name: "j", count: 1, arrival: { process: "poisson", ratePerS: 1 }, durationS: 1 }], scheduler: { queue } });
    for (const queue of ["sjf", "./policies/my-queue.mjs", "fifoo", "my-queue.ts"]) {
      const zodAccepts = scenarioSchema.safeParse({ name: "x", ...withQueue(queue) }).success;
      expect(validate(withQueue(queue)), queue).toBe(zodAccepts);
      expect(new RegExp(MODULE_PATH_PATTERN).test(queue), queue).toBe(isPolicyModulePath(queue));
    }
    expect(validate(withQueue("fifoo"))).toBe(false);
  });
});

describe("example scenarios against the JSON Schema", () => {
  const validate = compileCommitted();

  it("there are examples to check", () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples)("%s starts with the yaml-language-server line, whose path is the schema", (file) => {
    const path = join(scenariosDir, file);
    const first = readFileSync(path, "utf8").split("\n")[0] ?? "";
    const match = modeline.exec(first);
    expect(match, `${file}: first line must be "# yaml-language-server: $schema=../scenario.schema.json"`).not.toBeNull();
    const target = resolve(dirname(path), match?.[1] ?? "");
    expect(target).toBe(committedPath);
    expect(existsSync(target)).toBe(true);
  });

  it.each(examples)("%s validates", (file) => {
    const document = parse(readFileSync(join(scenariosDir, file), "utf8")) as unknown;
    const ok = validate(document);
    expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`).slice(0, 5)).toEqual([]);
  });

  const mmc = () => parse(readFileSync(join(scenariosDir, "mmc.yaml"), "utf8")) as Record<string, unknown> & { workloads: Record<string, unknown>[]; scheduler: Record<string, unknown> };
  const bad: [string, (d: ReturnType<typeof mmc>) => void][] = [
    ["a string seed (wrong type)", (d) => (d.seed = "seven")],
    ["an unknown top-level key", (d) => (d.sedd = 7)],
    ["an unknown key in a workload", (d) => ((d.workloads[0] as Record<string, unknown>).gpuz = 2)],
    ["a GPU not in the catalog (enum)", (d) => (d.cluster = { nodes: [{ count: 8, gpu: "H900", gpusPerNode: 1 }] })],
    ["an unknown preemption mode (enum)", (d) => (d.scheduler.preemption = "sometimes")],
    ["an unknown arrival process", (d) => ((d.workloads[0] as Record<string, unknown>).arrival = { process: "bursty", ratePerS: 1 })],
    ["a distribution with a string parameter (through $defs)", (d) => ((d.workloads[0] as Record<string, unknown>).durationS = { dist: "exponential", mean: "1" })],
    ["an unknown distribution family", (d) => ((d.workloads[0] as Record<string, unknown>).durationS = { dist: "pareto", mean: 1 })],
    ["a negative rate", (d) => ((d.workloads[0] as Record<string, unknown>).arrival = { process: "poisson", ratePerS: -1 })],
    ["no workloads", (d) => (d.workloads = [])],
  ];

  it.each(bad)("rejects %s, as zod does", (_what, mutate) => {
    const document = mmc();
    expect(validate(document)).toBe(true);
    mutate(document);
    expect(validate(document)).toBe(false);
    expect(scenarioSchema.safeParse(document).success).toBe(false);
  });
});
