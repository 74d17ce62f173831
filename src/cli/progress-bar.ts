/**
 * Progress of long CLI work (sweeps): a cli-progress bar on stderr when it is a TTY and CI is not
 * set; nothing otherwise, so CI logs and pipes stay clean.
 */
import cliProgress from "cli-progress";

/** Receives the total once, then the count done after each step. */
export type ProgressCallback = (done: number, total: number, label: string) => void;

/** True when a bar should be drawn: stderr is a TTY and CI is unset or false. */
export function progressWanted(): boolean {
  const ci = process.env.CI;
  return process.stderr.isTTY === true && (ci === undefined || ci === "" || ci === "false" || ci === "0");
}

/** A progress bar for `what` (or a no-op when not wanted); call `stop` when the work ends. */
export function progressBar(what: string, enabled = progressWanted()): { update: ProgressCallback; stop: () => void } {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${what} [{bar}] {value}/{total} runs | {eta_formatted} left | {label}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total, label) => {
      if (!started) {
        bar.start(total, done, { label });
        started = true;
      } else {
        bar.update(done, { label });
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
