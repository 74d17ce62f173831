/** A shell word as typed: bare when it has only safe characters, else single-quoted. */
export function shellWord(word: string): string {
  if (word !== "" && /^[A-Za-z0-9_./:=,+@%^-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line of this process as a user would retype it: `gpufleet` and the arguments after
 * the script, each quoted for a POSIX shell where needed. Recorded in summary.json's `run` block.
 */
export function commandLine(argv: readonly string[] = process.argv): string {
  return ["gpufleet", ...argv.slice(2).map(shellWord)].join(" ");
}
