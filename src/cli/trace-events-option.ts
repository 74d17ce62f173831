import type { RunToDirectoryOptions } from "../run/write-run.js";

/** `--trace-events FILE`: the run option, and one stderr line saying what the trace holds (stdout stays the summary). */
export function traceEventsOptions(file: string | undefined, quiet: boolean): Pick<RunToDirectoryOptions, "traceEventsFile" | "onTraceWritten"> {
  if (file === undefined) return {};
  return {
    traceEventsFile: file,
    onTraceWritten: ({ path, events, bytes }) => {
      if (quiet) return;
      process.stderr.write(`trace: ${path} (${events.toLocaleString("en-US")} events, ${(bytes / 1e6).toFixed(1)} MB); open it in https://ui.perfetto.dev\n`);
    },
  };
}
