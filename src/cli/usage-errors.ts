/** Clear one-line texts for yargs' usage failures (a missing scenario argument, an unknown option). */

/** The `command` strings of the CLI's commands, e.g. `run <scenario>`, by command name. */
export type CommandUsages = Readonly<Record<string, string>>;

/** One line for a yargs failure message, naming the command's usage where an argument is missing. */
export function usageLine(msg: string | null | undefined, argv: readonly string[], usages: CommandUsages, commandList: string): string {
  const name = argv.find((a) => !a.startsWith("-"));
  const usage = name !== undefined ? usages[name] : undefined;
  const text = msg ?? "invalid command line";
  if (usage !== undefined && /^Not enough non-option arguments/.test(text)) {
    const missing = usage.match(/<([^>]+)>/g)?.map((m) => m.slice(1, -1)) ?? [];
    return `${name}: missing ${missing.join(" and ") || "argument"} (usage: gpufleet ${usage} [options]; see gpufleet ${name} --help)`;
  }
  if (usage !== undefined) return `${name}: ${text} (see gpufleet ${name} --help)`;
  return `${text} (commands: ${commandList}; see gpufleet --help)`;
}
