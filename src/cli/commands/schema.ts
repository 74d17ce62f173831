import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { ScenarioError, message } from "../../messages.js";
import { scenarioJsonSchemaText } from "../../scenario/json-schema.js";

/** Options of `gpufleet schema`. */
interface SchemaArgs {
  out?: string;
}

/** Why a write failed, in words, by errno code. */
const writeReasons: Record<string, string> = {
  EEXIST: "a parent of it is a regular file",
  ENOTDIR: "a parent of it is a regular file",
  ENAMETOOLONG: "the name is too long",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
};

let pipeListener = false;

/** The schema is larger than a pipe's buffer: a reader that stops early (`| head`) is not an error. */
function ignoreClosedPipe(): void {
  if (pipeListener) return;
  pipeListener = true;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

/** `gpufleet schema`: the scenario JSON Schema, for editors (yaml-language-server) and other tools. */
export const schemaCommand: CommandModule<object, SchemaArgs> = {
  command: "schema",
  describe: "Print the scenario JSON Schema (or write it with --out) for editor completion and checks",
  builder: (y: Argv) =>
    y
      .option("out", { type: "string", describe: "Write the schema to this file instead of stdout" })
      .example("$0 schema --out scenario.schema.json", "regenerate the committed schema")
      .example("$0 schema | jq '.properties | keys'", "list the top-level fields") as unknown as Argv<SchemaArgs>,
  handler: (args: ArgumentsCamelCase<SchemaArgs>) => {
    const text = scenarioJsonSchemaText();
    if (args.out === undefined) {
      ignoreClosedPipe();
      process.stdout.write(text);
      return;
    }
    // Through a temporary file, so an editor never reads half a schema.
    const tmp = `${args.out}.tmp`;
    try {
      mkdirSync(dirname(resolve(args.out)), { recursive: true });
      writeFileSync(tmp, text);
      renameSync(tmp, args.out);
    } catch (error) {
      // A temporary file left when the rename failed (e.g. --out is a directory).
      if (existsSync(tmp)) rmSync(tmp);
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new ScenarioError(message.outputFileUnwritable(args.out, writeReasons[code] ?? code));
    }
  },
};
