/**
 * Progress of a calibration: a cli-progress bar on an interactive terminal, nothing when stderr is
 * not a TTY or CI=true (CI logs stay clean).
 */
import cliProgress from "cli-progress";

/** Receives one tick per finished benchmark step. */
export interface Progress {
  start(total: number): void;
  tick(label: string): void;
  stop(): void;
}

/** A progress reporter that prints nothing. */
export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };

/** True when progress should be drawn: stderr is a TTY and CI is not set. */
export function wantsProgress(): boolean {
  const ci = process.env.CI;
  return process.stderr.isTTY === true && (ci === undefined || ci === "" || ci === "false" || ci === "0");
}

/** A cli-progress bar on stderr. */
export function barProgress(): Progress {
  const bar = new cliProgress.SingleBar(
    { format: "calibrate [{bar}] {value}/{total} {step}", stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  return {
    start: (total) => bar.start(total, 0, { step: "" }),
    tick: (label) => {
      done += 1;
      bar.update(done, { step: label });
    },
    stop: () => bar.stop(),
  };
}
