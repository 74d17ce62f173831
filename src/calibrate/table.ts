/**
 * The readable summary of a calibration profile that `gpufleet calibrate` prints: the adapter,
 * one row per GEMM shape (measured, predicted, error, check), bandwidths, transfers, the fitted
 * parameters and the held-out error.
 */
import { type CalibrationProfile, predictGemmTimeS, predictLinearTimeS } from "../cost/calibration-profile.js";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (s: number) => (s * 1e3).toFixed(s < 1e-3 ? 4 : 3);
const us = (s: number) => `${(s * 1e6).toFixed(1)} µs`;
const gb = (bytesPerS: number) => `${(bytesPerS / 1e9).toFixed(2)} GB/s`;
const sizeLabel = (bytes: number) =>
  bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;

/** Rows of cells laid out in left-aligned (text) and right-aligned (numbers) columns. */
export function formatColumns(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (r: readonly string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join("  ");
  return all.map(line).join("\n");
}

/** The adapter line: what ran the benchmarks and how they were timed. */
export function adapterLine(p: Pick<CalibrationProfile, "adapter" | "driver" | "timing"> & Partial<Pick<CalibrationProfile, "device">>): string {
  const a = p.adapter;
  const where = p.driver.icdPath ? ` (${p.driver.icdPath})` : "";
  const fallback = a.isFallbackAdapter ? ", fallback adapter" : "";
  const gpu = p.device === undefined ? "" : p.device.gpu === null ? "; catalog GPU: none (prices no scenario GPU unless it asks for transfer: efficiency)" : `; catalog GPU: ${p.device.gpu} (${p.device.source === "option" ? "--as" : `rule "${p.device.rule}"`})`;
  return `adapter: ${a.description || a.device} [${a.vendor}/${a.architecture}${fallback}] via ${p.driver.name}${where}; timing: ${p.timing.method}${gpu}`;
}

/** The whole summary as text. */
export function formatProfileTable(p: CalibrationProfile): string {
  const { fit } = p;
  const gemmRows = p.measurements.gemm.map((g) => {
    const predictedS = predictGemmTimeS(fit.gemm, g);
    return [
      `${g.m}×${g.n}×${g.k}`,
      g.kernel,
      g.role,
      ms(g.time.medianS),
      pct(g.time.relSpread),
      (g.flopsPerS / 1e9).toFixed(2),
      ms(predictedS),
      pct((predictedS - g.time.medianS) / g.time.medianS),
      g.verification.ok ? "ok" : "WRONG",
    ];
  });
  const gemm = formatColumns(
    ["GEMM m×n×k", "kernel", "role", "median ms", "spread", "GFLOP/s", "model ms", "error", "check"],
    gemmRows,
  );
  const streams = p.measurements.stream.map(
    (s) => `${s.kernel} ${gb(s.bytesPerS)} (${sizeLabel(s.bytes)} moved, spread ${pct(s.time.relSpread)}, ${s.verification.ok ? "ok" : "WRONG"})`,
  );
  const transferRows = p.measurements.transfer.map((t) => {
    const predictedS = predictLinearTimeS(fit[t.direction], t.bytes);
    return [`${t.direction} ${sizeLabel(t.bytes)}`, t.role, ms(t.time.medianS), pct(t.time.relSpread), gb(t.bytesPerS), pct((predictedS - t.time.medianS) / t.time.medianS)];
  });
  const transfers = formatColumns(["transfer", "role", "median ms", "spread", "rate", "error"], transferRows);
  const g = fit.gemm;
  const held = p.heldOut;
  return [
    adapterLine(p),
    "",
    gemm,
    "",
    `memory: ${streams.join("; ")}`,
    "",
    transfers,
    "",
    `fit: GEMM peak ${(g.peakFlopsPerS / 1e9).toFixed(2)} GFLOP/s, memory roof ${gb(g.memBytesPerS)}, half-saturation ${g.halfSaturationUnits.toFixed(1)} units, fixed ${us(g.fixedS)}`,
    `fit: sustained memory ${gb(fit.memory.bytesPerS)}; host→device ${gb(fit.hostToDevice.bytesPerS)} + ${us(fit.hostToDevice.latencyS)}; device→host ${gb(fit.deviceToHost.bytesPerS)} + ${us(fit.deviceToHost.latencyS)}`,
    `fit: launch overhead ${us(fit.launch.launchOverheadS)} per dispatch, submit latency ${us(fit.launch.submitLatencyS)}`,
    `held-out error: GEMM median ${pct(held.gemm.medianAbsRelError)}, max ${pct(held.gemm.maxAbsRelError)} over ${held.gemm.count} shapes; transfers median ${pct(held.transfer.medianAbsRelError)}, max ${pct(held.transfer.maxAbsRelError)} over ${held.transfer.count}`,
  ].join("\n");
}
