/**
 * Grid expansion: the cartesian product of the sweep's axes, in a stable order (the last axis
 * varies fastest), with a directory name per cell and its values as `--set` expressions.
 */
import type { SweepAxis } from "./sweep-schema.js";

/** One point of the grid: a value for every axis. */
export interface GridPoint {
  /** Position in expansion order, from 0; stable for the same sweep file (shards and resume use it). */
  index: number;
  /** Axis path → value. */
  params: Record<string, unknown>;
}

/** Every combination of the axes' values (one empty point when there are no axes). */
export function expandGrid(axes: readonly SweepAxis[]): GridPoint[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const axis of axes) {
    const next: Record<string, unknown>[] = [];
    for (const combo of combos) for (const value of axis.values) next.push({ ...combo, [axis.path]: value });
    combos = next;
  }
  return combos.map((params, index) => ({ index, params }));
}

/** The `--set` expressions that give a point its values (values as JSON, which YAML reads back). */
export function pointOverrides(point: GridPoint): string[] {
  return Object.entries(point.params).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
}

/** A value as it appears in labels and directory names. */
export function valueLabel(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "null");
}

/** Human label of a point: `ratePerS=0.5, queue=fifo` (the last key of each path). */
export function pointLabel(params: Record<string, unknown>): string {
  const parts = Object.entries(params).map(([path, value]) => `${shortKey(path)}=${valueLabel(value)}`);
  return parts.length === 0 ? "base" : parts.join(", ");
}

/** The last key of a dotted path (`workloads.0.arrival.ratePerS` → `ratePerS`). */
export function shortKey(path: string): string {
  return path.split(".").pop() ?? path;
}

/** Directory name of a cell: zero-padded index, then a slug of its values (safe on every file system). */
export function cellId(point: GridPoint, cellCount: number): string {
  const width = Math.max(3, String(Math.max(cellCount - 1, 0)).length);
  const slug = Object.entries(point.params)
    .map(([path, value]) => (path.startsWith("scheduler.") ? valueLabel(value) : `${shortKey(path)}-${valueLabel(value)}`))
    .join("_")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-+/g, "-")
    .slice(0, 80)
    .replace(/[-_.]+$/, "");
  const index = String(point.index).padStart(width, "0");
  return slug === "" ? index : `${index}-${slug}`;
}
