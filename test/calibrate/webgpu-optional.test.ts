import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { type WebgpuModule, requireWebgpu, withWebgpuLoader } from "../../src/calibrate/adapter.js";
import { runCliInProcess } from "../../src/cli/in-process.js";
import { message } from "../../src/messages.js";
import { repoRoot } from "../helpers.js";

/** A real ERR_MODULE_NOT_FOUND from Node, as `import("webgpu")` throws when the package is absent. */
const absent = (): Promise<WebgpuModule> => {
  const name = "gpufleet-test-package-that-is-not-installed";
  return import(name) as Promise<WebgpuModule>;
};

describe("webgpu is an optional dependency, loaded only by calibrate", () => {
  it("gpufleet calibrate without the package exits 2 with one line saying how to install it", async () => {
    const result = await withWebgpuLoader(absent, () => runCliInProcess(["calibrate", "--quick"]));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message.webgpuNotInstalled());
    expect(lines[0]).toContain("npm install webgpu");
  });

  it("a package that is installed but cannot load (a missing shared library) is exit 2 with the reason, not a stack trace", async () => {
    const broken = () => Promise.reject(new Error("libvulkan.so.1: cannot open shared object file: No such file or directory\n    at Module._extensions..node"));
    const result = await withWebgpuLoader(broken, () => runCliInProcess(["calibrate", "--quick"]));
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split("\n")).toEqual([expect.stringContaining("webgpu` is installed but cannot be loaded (libvulkan.so.1: cannot open shared object file: No such file or directory)")]);
    expect(result.stderr).not.toContain("Module._extensions");
  });

  it("puts the real import back afterwards (the installed package loads)", async () => {
    await expect(withWebgpuLoader(absent, requireWebgpu)).rejects.toThrow(message.webgpuNotInstalled());
    const webgpu = await requireWebgpu();
    expect(typeof webgpu.create).toBe("function");
  });

  it("package.json lists it under optionalDependencies only, at an exact version, install scripts still off", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as Record<string, Record<string, unknown> | undefined>;
    expect(pkg.dependencies?.webgpu).toBeUndefined();
    expect(pkg.devDependencies?.webgpu).toBeUndefined();
    expect(pkg.optionalDependencies?.webgpu).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.allowScripts?.webgpu).toBe(false);
  });

  it("no file in src/ names it as a module except src/calibrate/adapter.ts, which imports it lazily", () => {
    const files = (readdirSync(join(repoRoot, "src"), { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(repoRoot, "src", f));
    // Any "webgpu" string literal: static imports and re-exports (value or type), require, import().
    const naming = files.filter((file) => /["']webgpu["']/.test(readFileSync(file, "utf8"))).map((file) => relative(repoRoot, file));
    expect(naming).toEqual([join("src", "calibrate", "adapter.ts")]);
    const adapter = readFileSync(join(repoRoot, "src", "calibrate", "adapter.ts"), "utf8");
    expect(adapter).not.toMatch(/\bfrom\s+["']webgpu["']|\bimport\s*\(\s*["']webgpu["']|\bimport\s+["']webgpu["']/);
    expect(adapter).toMatch(/import\(WEBGPU_PACKAGE\)/);
  });
});
