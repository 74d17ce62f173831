import type { z } from "zod";
import { formatChoices, formatPath, message } from "../messages.js";
import { objectKeys, schemaAt, valueAt } from "./schema-walk.js";
import { didYouMean } from "./suggest.js";

type Issue = z.core.$ZodIssue;

/** A short description of a value's type for "expected X, got Y" messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the field is required)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * For a union, the branch the input was most likely meant for: branches that reject the input's
 * type outright are dropped; of the rest, the one with the fewest problems wins, an unknown field
 * counting as a strong sign of the wrong branch. Undefined when there is no clear winner.
 */
function mostSpecificBranch(branches: Issue[][]): Issue[] | undefined {
  const specific = branches.filter((b) => !(b.length === 1 && b[0]?.code === "invalid_type" && b[0].path.length === 0));
  if (specific.length <= 1) return specific[0];
  const score = (b: Issue[]) => b.length + 10 * b.filter((i) => i.code === "unrecognized_keys").length;
  const ranked = [...specific].sort((a, b) => score(a) - score(b));
  return score(ranked[0] as Issue[]) < score(ranked[1] as Issue[]) ? ranked[0] : undefined;
}

/** Turn one zod issue into one line naming the file, the field path and what is allowed. */
export function formatIssue(file: string, issue: Issue, input: unknown, schema: z.core.$ZodType, basePath: (string | number)[] = []): string {
  const path = [...basePath, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))] as (string | number)[];
  const got = valueAt(input, path);
  const walk = schemaAt(schema, path, input);
  const hint = walk.ok && walk.description ? ` (${walk.description.replace(/\.$/, "")})` : "";
  switch (issue.code) {
    case "invalid_type":
      if (got === undefined) return message.fieldError(file, path, `missing required field${hint}`);
      return message.fieldError(file, path, `expected ${issue.expected}, got ${describeValue(got)}${hint}`);
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const op = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
      const what = issue.origin === "array" ? `must have ${op} ${String(bound)} entries` : `must be ${op} ${String(bound)}`;
      return message.fieldError(file, path, `${what}, got ${Array.isArray(got) ? `${got.length} entries` : describeValue(got)}${hint}`);
    }
    case "invalid_value":
      return message.fieldError(file, path, `unknown value ${JSON.stringify(got)} (allowed: ${formatChoices(issue.values.map(String))}${typeof got === "string" ? didYouMean(got, issue.values.map(String)) : ""})`);
    case "unrecognized_keys": {
      const allowed = objectKeys(walk.ok ? walk.schema : schema, got) ?? [];
      const lines = issue.keys.map((k) => message.unknownField(file, [...path, k], allowed, didYouMean(k, allowed)));
      return lines[0] as string;
    }
    case "invalid_union": {
      const note = issue as unknown as { note?: string; discriminator?: string; options?: unknown[] };
      if (note.discriminator !== undefined && note.options !== undefined) {
        const tagPath = path[path.length - 1] === note.discriminator ? path : [...path, note.discriminator];
        const tag = valueAt(input, tagPath);
        const what = tag === undefined ? "missing required field" : `unknown value ${JSON.stringify(tag)}`;
        const near = typeof tag === "string" ? didYouMean(tag, note.options.map(String)) : "";
        return message.fieldError(file, tagPath, `${what} (allowed: ${formatChoices(note.options.map(String))}${near})`);
      }
      if (got === undefined) return message.fieldError(file, path, `missing required field${hint}`);
      const branch = mostSpecificBranch(issue.errors);
      if (branch?.[0] !== undefined) return formatIssue(file, branch[0], input, schema, path);
      const expected = issue.errors.map((b) => (b[0]?.code === "invalid_type" ? b[0].expected : "mapping")).join(" or ");
      return message.fieldError(file, path, `expected ${expected}, got ${describeValue(got)}${hint}`);
    }
    default:
      return message.fieldError(file, path, issue.message);
  }
}

/** Sort key so the first reported issue is stable and the most useful (shallowest path first). */
export function issueOrder(a: Issue, b: Issue): number {
  return a.path.length - b.path.length || formatPath(a.path.map(String)).localeCompare(formatPath(b.path.map(String)));
}
