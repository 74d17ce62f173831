import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type ProgressStream, progressBar, progressWanted, simulationProgress } from "../../src/cli/progress-bar.js";

/** A stand-in terminal: a TTY stream that keeps what is written. */
function fakeTty(): { stream: ProgressStream; text: () => string } {
  let out = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number; cursorTo: () => boolean; clearLine: () => boolean; moveCursor: () => boolean };
  stream.isTTY = true;
  stream.columns = 200;
  stream.cursorTo = () => true;
  stream.clearLine = () => true;
  stream.moveCursor = () => true;
  return { stream, text: () => out };
}

describe("progress lines", () => {
  it("are wanted only on a TTY with CI unset or false", () => {
    expect(progressWanted({}, { isTTY: true })).toBe(true);
    expect(progressWanted({ CI: "false" }, { isTTY: true })).toBe(true);
    expect(progressWanted({ CI: "true" }, { isTTY: true })).toBe(false);
    expect(progressWanted({ CI: "1" }, { isTTY: true })).toBe(false);
    expect(progressWanted({}, { isTTY: false })).toBe(false);
    expect(progressWanted({}, {})).toBe(false);
  });

  it("a single run shows simulated time against the horizon and events per second", () => {
    const tty = fakeTty();
    let wallMs = 0;
    const p = simulationProgress(86_400, true, tty.stream, () => wallMs);
    wallMs = 2000;
    p.onProgress(43_200, 2_000_000);
    p.stop();
    expect(tty.text()).toContain("simulated 43200 / 86400 s");
    expect(tty.text()).toContain("2,000,000 events, 1,000,000 events/s");
    expect(tty.text()).toMatch(/50 %/);
  });

  it("without a horizon: simulated time and events, no bar; nothing at all when not wanted", () => {
    const tty = fakeTty();
    const p = simulationProgress(undefined, true, tty.stream, () => 0);
    p.onProgress(12, 65_536);
    p.stop();
    expect(tty.text()).toContain("run | simulated 12 s | 65,536 events");
    const quiet = fakeTty();
    const off = simulationProgress(100, false, quiet.stream);
    off.onProgress(50, 10);
    off.stop();
    expect(quiet.text()).toBe("");
  });

  it("--seeds counts seeds done", () => {
    const tty = fakeTty();
    const bar = progressBar("mmc --seeds 4", true, "seeds", tty.stream);
    bar.update(0, 4, "2 workers");
    bar.update(3, 4, "seed 9 done");
    bar.stop();
    expect(tty.text()).toContain("mmc --seeds 4");
    expect(tty.text()).toContain("/4 seeds");
  });
});
