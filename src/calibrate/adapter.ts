/// <reference types="@webgpu/types" />
/**
 * Finds a WebGPU adapter through Dawn (npm `webgpu`): the system's Vulkan driver first (a real GPU),
 * else a known CPU driver (lavapipe installed by scripts/install-vulkan-cpu.sh, Chromium's SwiftShader)
 * chosen by pointing VK_ICD_FILENAMES at its ICD json before Dawn creates its instance.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ScenarioError, message } from "../messages.js";

/**
 * What calibration uses of the `webgpu` package (Dawn for Node), declared here rather than taken from
 * the package, so the project type-checks and builds where the optional package is not installed.
 * The GPU* types come from `@webgpu/types` (a devDependency).
 */
export interface WebgpuModule {
  /** A GPU entry point for Dawn's toggles (`[]`: the defaults). */
  create(options: string[]): GPU;
  /** The WebGPU classes and constants (GPUBufferUsage, ...) to install on globalThis. */
  globals: object;
}

/** Loads the `webgpu` package. */
export type WebgpuLoader = () => Promise<WebgpuModule>;

/** The package's name in a variable: TypeScript resolves only literal specifiers, and this one may be absent. */
const WEBGPU_PACKAGE = "webgpu";

/**
 * `webgpu` is an optional dependency (132 MB of Dawn binaries that only `calibrate` needs), so it is
 * imported lazily, here and nowhere else; tests swap the loader with {@link withWebgpuLoader}.
 */
const importWebgpu: WebgpuLoader = () => import(WEBGPU_PACKAGE) as Promise<WebgpuModule>;
let loadWebgpu: WebgpuLoader = importWebgpu;

/** Runs `fn` with `loader` in place of the real import of `webgpu`, then puts that back (for tests). */
export async function withWebgpuLoader<T>(loader: WebgpuLoader, fn: () => Promise<T>): Promise<T> {
  loadWebgpu = loader;
  try {
    return await fn();
  } finally {
    loadWebgpu = importWebgpu;
  }
}

/**
 * The `webgpu` module, or a one-line ScenarioError (exit 2): not installed (npm ci --omit=optional,
 * or a platform it has no binary for) says how to install it; installed but unloadable gives the reason.
 */
export async function requireWebgpu(): Promise<WebgpuModule> {
  try {
    return await loadWebgpu();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") throw new ScenarioError(message.webgpuNotInstalled());
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScenarioError(message.webgpuUnloadable(reason.split("\n")[0] ?? reason));
  }
}

/** Where the adapter's driver came from. */
export type DriverSource = "system" | "env" | "option" | "probed";

/** A usable device and what it runs on. */
export interface CalibrationDevice {
  adapter: GPUAdapter;
  device: GPUDevice;
  /** True when the device was created with the `timestamp-query` feature. */
  hasTimestamps: boolean;
  driverName: string;
  driverSource: DriverSource;
  icdPath: string | null;
}

/**
 * Every GPU object Dawn's `create()` returned, held for the life of the process: if one is
 * garbage-collected while its adapters or devices live, Dawn crashes the process.
 */
const keepAlive: GPU[] = [];

/** The project's root folder (holds package.json), from this module's location in src/ or dist/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "package.json"))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** Known CPU Vulkan ICD json files, best first; `cwd` and the project root are searched for .vulkan/. */
export function knownCpuIcds(): string[] {
  const local = [projectRoot(), process.cwd()].map((d) => resolve(d, ".vulkan/lavapipe/lvp_icd.json"));
  return [
    ...new Set(local),
    "/usr/lib/chromium/vk_swiftshader_icd.json",
    "/usr/lib/chromium-browser/vk_swiftshader_icd.json",
    "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json",
    "/usr/share/vulkan/icd.d/lvp_icd.json",
  ];
}

/** A short driver name from the adapter's description and the ICD that served it. */
export function driverNameOf(info: GPUAdapterInfo, icdPath: string | null): string {
  const text = `${info.description} ${info.device} ${icdPath ?? ""}`.toLowerCase();
  if (text.includes("llvmpipe") || text.includes("lvp")) return "lavapipe";
  if (text.includes("swiftshader")) return "swiftshader";
  return info.vendor || "unknown";
}

async function tryIcd(icdPath: string | null): Promise<GPUAdapter | null> {
  if (icdPath !== null) process.env.VK_ICD_FILENAMES = icdPath;
  // Lavapipe's window-system code complains on stderr when XDG_RUNTIME_DIR is unset; give it one.
  if (process.env.XDG_RUNTIME_DIR === undefined) {
    process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), "gpufleet-xdg-"));
  }
  const { create, globals } = await requireWebgpu();
  Object.assign(globalThis, globals);
  const gpu = create([]);
  keepAlive.push(gpu);
  return gpu.requestAdapter({ powerPreference: "high-performance" });
}

/** Options of {@link findDevice}. */
export interface FindDeviceOptions {
  /** Use exactly this ICD json (from `--icd`). */
  icdPath?: string;
}

/** Result of {@link findDevice}: a device, or the ICD files tried when none was found. */
export type FindDeviceResult = { ok: true; value: CalibrationDevice } | { ok: false; tried: string[] };

/** Finds an adapter (explicit ICD, VK_ICD_FILENAMES, system driver, known CPU drivers) and opens a device. */
export async function findDevice(options: FindDeviceOptions = {}): Promise<FindDeviceResult> {
  const attempts: { icd: string | null; source: DriverSource }[] = [];
  const envIcd = process.env.VK_ICD_FILENAMES;
  if (options.icdPath !== undefined) attempts.push({ icd: resolve(options.icdPath), source: "option" });
  else if (envIcd !== undefined && envIcd !== "") attempts.push({ icd: envIcd, source: "env" });
  else {
    attempts.push({ icd: null, source: "system" });
    for (const icd of knownCpuIcds()) if (existsSync(icd)) attempts.push({ icd, source: "probed" });
  }
  const tried: string[] = [];
  for (const { icd, source } of attempts) {
    tried.push(icd ?? "system Vulkan driver");
    const adapter = await tryIcd(icd);
    if (adapter === null) continue;
    const hasTimestamps = adapter.features.has("timestamp-query");
    const device = await adapter.requestDevice({
      requiredFeatures: hasTimestamps ? ["timestamp-query"] : [],
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    const driverName = driverNameOf(adapter.info, icd);
    return {
      ok: true,
      value: { adapter, device, hasTimestamps, driverName, driverSource: source, icdPath: icd },
    };
  }
  return { ok: false, tried };
}
