/**
 * Progress of long CLI work (sweeps, `run --seeds N`, single runs): a cli-progress line on stderr
 * when it is a TTY and CI is not set; nothing otherwise, so CI logs and pipes stay clean. The
 * wall clock read here is for the progress line only and never reaches an output file.
 */
import { performance } from "node:perf_hooks";
import cliProgress from "cli-progress";
import { formatNumber } from "./format-table.js";

/** Receives the total once, then the count done after each step. */
export type ProgressCallback = (done: number, total: number, label: string) => void;

/** Redraws per second at most: cli-progress redraws synchronously after 2 × 1/fps, so 8 fps ⇒ ≤ 4 lines a second. */
const PROGRESS_FPS = 8;

// The cursor stays visible: Ctrl-C during a synchronous simulation kills the process before any
// handler could show it again.

/** Where a progress line is drawn (process.stderr, or a stand-in TTY in tests). */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean };

/** True when a bar should be drawn: stderr is a TTY and CI is unset or false. */
export function progressWanted(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stderr): boolean {
  const ci = env.CI;
  return stream.isTTY === true && (ci === undefined || ci === "" || ci === "false" || ci === "0");
}

/** A progress bar for `what` counting `unit` (or a no-op when not wanted); call `stop` when the work ends. */
export function progressBar(what: string, enabled = progressWanted(), unit = "runs", stream: ProgressStream = process.stderr): { update: ProgressCallback; stop: () => void } {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${what} [{bar}] {value}/{total} ${unit} | {eta_formatted} left | {label}`, stream, hideCursor: false, clearOnComplete: true, fps: PROGRESS_FPS },
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

/** A single run's progress line, fed by the engine's `onProgress(nowS, eventsProcessed)`. */
export interface SimulationProgress {
  /** Pass as the simulation's onProgress option. */
  onProgress: (nowS: number, eventsProcessed: number) => void;
  /** Clear the line (call when the run ends or fails). */
  stop: () => void;
}

/**
 * The progress line of one simulation: simulated time against the horizon (a bar when the horizon
 * is finite), events and events per wall-clock second, redrawn at most 4 times a second.
 */
export function simulationProgress(
  horizonS: number | undefined,
  enabled = progressWanted(),
  stream: ProgressStream = process.stderr,
  nowMs: () => number = () => performance.now(),
): SimulationProgress {
  if (!enabled) return { onProgress: () => {}, stop: () => {} };
  const finite = horizonS !== undefined && Number.isFinite(horizonS) && horizonS > 0;
  const format = finite
    ? "run [{bar}] {percentage} % | simulated {simS} / {horizonS} s | {events} events, {rate} events/s"
    : "run | simulated {simS} s | {events} events, {rate} events/s";
  const bar = new cliProgress.SingleBar(
    { format, stream, hideCursor: false, clearOnComplete: true, fps: PROGRESS_FPS },
    cliProgress.Presets.shades_classic,
  );
  const startMs = nowMs();
  let started = false;
  const payload = (nowS: number, events: number) => {
    const wallS = Math.max((nowMs() - startMs) / 1000, 1e-9);
    return {
      simS: formatNumber(nowS, 0),
      horizonS: finite ? formatNumber(horizonS, 0) : "",
      events: events.toLocaleString("en-US"),
      rate: Math.round(events / wallS).toLocaleString("en-US"),
    };
  };
  return {
    onProgress: (nowS, events) => {
      // The bar counts simulated seconds; without a horizon it only carries the payload.
      const value = finite ? Math.min(nowS, horizonS) : 0;
      if (!started) {
        bar.start(finite ? horizonS : 1, value, payload(nowS, events));
        started = true;
      } else {
        bar.update(value, payload(nowS, events));
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
