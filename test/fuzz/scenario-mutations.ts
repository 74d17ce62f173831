/**
 * Mutated scenarios for fuzzing (fast-check): valid base scenarios with one or more fields set to
 * wrong types, out-of-range numbers, NaN/Infinity, huge counts, empty and duplicate names, unknown
 * enum values or deep nesting, fields dropped or added; or the file text itself broken (YAML alias
 * bombs, binary and non-UTF-8 bytes, truncation).
 */
import fc from "fast-check";
import { stringify } from "yaml";

const jobs = {
  name: "fz-jobs",
  seed: 3,
  horizon: { durationS: 600 },
  cluster: { nodes: [{ count: 2, gpu: "H100-SXM", gpusPerNode: 4 }, { count: 1, gpu: "A100-80G", gpusPerNode: 8, labels: ["pool"] }] },
  workloads: [
    { kind: "jobs", name: "a", count: 50, arrival: { process: "poisson", ratePerS: 0.2 }, gpus: 2, durationS: { dist: "lognormal", mean: 60, cv: 1 } },
    { kind: "jobs", name: "b", count: 20, arrival: { process: "gamma", ratePerS: 0.1, cv: 2 }, gpus: { dist: "choice", values: [1, 4] }, gpuType: "A100-80G", durationS: 30, checkpoint: { intervalS: 10 } },
  ],
  failures: [{ target: "gpu", timeToFailureS: { dist: "exponential", mean: 3000 }, repairS: 100 }, { at: 100, target: "node", id: "rack0-node0", repairS: 50 }],
  tenants: [{ name: "default", quotaGpus: 8, segments: ["pool"] }],
  scheduler: { queue: "fifo", placement: "best-fit", backfill: "easy" },
  report: { sampleIntervalS: 30 },
};

const topology = {
  name: "fz-topo",
  horizon: { durationS: 300 },
  cluster: {
    topology: {
      regions: [{ name: "r0", racks: [{ name: "k", count: 2, nodes: [{ count: 2, preset: "dgx-h100" }] }] }],
      fabric: { oversubscription: 2 },
    },
  },
  workloads: [{ kind: "jobs", name: "t", count: 4, arrival: { process: "constant", ratePerS: 0.05 }, gpus: 8, work: { iterations: 20, flopsPerIteration: 1e14, allreduceBytes: 1e9 } }],
  failures: [{ target: "link", linkClass: "leaf-uplink", timeToFailureS: { dist: "exponential", mean: 200 }, repairS: 20 }],
  scheduler: { placement: "topo-best-fit" },
};

const inference = {
  name: "fz-inf",
  horizon: { durationS: 60 },
  cluster: { nodes: [{ count: 1, gpu: "H100-SXM", gpusPerNode: 8 }] },
  workloads: [
    {
      kind: "inference",
      name: "chat",
      model: "llama-3-8b",
      gpu: "H100-SXM",
      replicas: { count: 2, tensorParallel: 1 },
      arrival: { process: "poisson", ratePerS: 3 },
      promptTokens: { dist: "lognormal", mean: 300, cv: 1 },
      outputTokens: { dist: "lognormal", mean: 50, cv: 1 },
      slo: { ttftS: 0.5 },
    },
  ],
  prices: { "H100-SXM": 3 },
};

/** The base scenarios (valid and short: every one runs in well under a second). */
export const baseScenarios: readonly Record<string, unknown>[] = [jobs, topology, inference];

/** Every path to a leaf or container of a document, for mutation. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.push(...pathsOf(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
  }
  return out;
}

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: [nested(depth - 1)] });

/** Values that are wrong somewhere: types, ranges, special numbers, huge counts, names, enums, nesting. */
const badValue = fc.oneof(
  fc.constantFrom<unknown>("x", "", " ", true, false, null, [], {}, [1, 2], { dist: "pareto" }, { dist: "gamma", mean: 1, cv: 1e9 }),
  fc.constantFrom<unknown>(-1, 0, 0.5, 1e308, -1e308, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.constantFrom<unknown>(1e9, 2 ** 31, 2 ** 32, 2 ** 53, 1e12),
  fc.constantFrom<unknown>("H900", "lifo", "tetris", "../../etc/passwd", "./x.mjs", "a".repeat(300), "rack0-node99", "é\u0000"),
  fc.integer({ min: 40, max: 200 }).map((d) => nested(d)),
  fc.double({ noDefaultInfinity: false, noNaN: false }),
  fc.integer(),
  fc.string({ maxLength: 12 }),
);

/** A structural mutation of a document. */
type Mutation = { kind: "set"; pick: number; value: unknown } | { kind: "delete"; pick: number } | { kind: "add"; pick: number; key: string; value: unknown } | { kind: "duplicate"; pick: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("set" as const), pick: fc.nat(), value: badValue }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("add" as const), pick: fc.nat(), key: fc.constantFrom("colour", "duration", "ratePerS", "count", "__proto__", "constructor"), value: badValue }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("duplicate" as const), pick: fc.nat() }), weight: 1 },
);

function apply(document: Record<string, unknown>, m: Mutation): void {
  const paths = pathsOf(document);
  const path = paths[m.pick % paths.length] as (string | number)[];
  let parent: Record<string | number, unknown> = document;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  // Values come from shared constants: clone them so no mutation can make the document circular.
  if (m.kind === "set") parent[last] = structuredClone(m.value);
  else if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (m.kind === "add") {
    const target = parent[last];
    if (target !== null && typeof target === "object" && !Array.isArray(target)) Object.defineProperty(target, m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true });
    else parent[last] = { [m.key]: structuredClone(m.value) };
  } else if (Array.isArray(parent)) parent.push(structuredClone(parent[Number(last)]));
  else parent[last] = [parent[last], parent[last]];
}

/** A text-level breakage of a scenario file. */
const textBreak = fc.oneof(
  fc.constant((t: string) => `${t}bomb: &a [x, x, x, x, x, x, x, x, x]\nb2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nb3: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nb4: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`),
  fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => (t: string) => Buffer.concat([Buffer.from(t.slice(0, 40)), Buffer.from(bytes)]).toString("latin1")),
  fc.constant((t: string) => `\uFEFF${t}\t: :\n  - [`),
  fc.nat().map((n) => (t: string) => {
    const i = n % Math.max(1, t.length);
    return `${t.slice(0, i)}\u0000${t.slice(i + 1)}`;
  }),
);

/** One fuzz case: the bytes of a scenario file (`.yaml` or `.json`). */
export interface FuzzCase {
  /** File name extension. */
  ext: ".yaml" | ".json";
  /** File content. */
  bytes: Buffer;
  /** What was done, for reports. */
  description: string;
}

/** Fuzz cases: mostly structural mutations, some broken text and raw non-UTF-8 bytes. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ base: fc.nat({ max: baseScenarios.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }), json: fc.boolean() }).map(({ base, mutations, json }) => {
      const document = structuredClone(baseScenarios[base]) as Record<string, unknown>;
      for (const m of mutations) apply(document, m);
      // JSON has no NaN/Infinity: JSON.stringify writes null, as a user's tool would.
      const text = json ? JSON.stringify(document) : stringify(document);
      return { ext: json ? (".json" as const) : (".yaml" as const), bytes: Buffer.from(text, "utf8"), description: `base ${base}: ${mutations.map((m) => `${m.kind}@${m.pick}${"value" in m ? `=${String(JSON.stringify(m.value) ?? m.value).slice(0, 60)}` : ""}`).join(", ")}` };
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ base: fc.nat({ max: baseScenarios.length - 1 }), broken: textBreak }).map(({ base, broken }) => ({
      ext: ".yaml" as const,
      bytes: Buffer.from(broken(stringify(baseScenarios[base])), "latin1"),
      description: `base ${base}: broken text`,
    })),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((b) => ({ ext: ".yaml" as const, bytes: Buffer.from(b), description: "random bytes" })) },
);
