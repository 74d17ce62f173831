#!/usr/bin/env node
// Checks the committed notebooks and type-checks their code: every notebooks/*.ipynb must use the
// project's Deno kernel and carry no outputs (execution_count null, outputs []), and its code cells,
// joined in order into build/notebooks/ts/<name>.ts (cells share one scope, as in the kernel), must
// pass `deno check`. Usage: node scripts/check-notebooks.mjs [--no-typecheck]
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const notebooksDir = join(root, "notebooks");
const tsDir = join(root, "build", "notebooks", "ts");
const problems = [];

/** A cell's source as one string (nbformat allows a string or a list of lines). */
const sourceOf = (cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

const files = readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort();
if (files.length === 0) problems.push("notebooks/: no .ipynb files");
rmSync(tsDir, { recursive: true, force: true });
mkdirSync(tsDir, { recursive: true });
const extracted = [];
for (const file of files) {
  const nb = JSON.parse(readFileSync(join(notebooksDir, file), "utf8"));
  if (nb.metadata?.kernelspec?.name !== "deno") problems.push(`${file}: kernelspec.name must be "deno"`);
  const code = [];
  for (const [i, cell] of (nb.cells ?? []).entries()) {
    if (cell.cell_type !== "code") continue;
    if (cell.execution_count !== null) problems.push(`${file}: cell ${i} has execution_count ${cell.execution_count} (commit notebooks without outputs)`);
    if ((cell.outputs ?? []).length > 0) problems.push(`${file}: cell ${i} has outputs (commit notebooks without outputs)`);
    code.push(`// cell ${i}\n${sourceOf(cell)}`);
  }
  const out = join(tsDir, `${basename(file, ".ipynb")}.ts`);
  writeFileSync(out, `// Extracted from notebooks/${file} by scripts/check-notebooks.mjs; do not edit.\n${code.join("\n\n")}\n`);
  extracted.push(out);
}

if (problems.length === 0 && !process.argv.includes("--no-typecheck")) {
  const deno = join(root, "node_modules", ".bin", "deno");
  const check = spawnSync(deno, ["check", "--quiet", ...extracted], { cwd: root, stdio: "inherit", env: { ...process.env, NO_COLOR: "1" } });
  if (check.error !== undefined) problems.push(`deno check could not start (${check.error.message}): run npm ci`);
  else if (check.status !== 0) problems.push(`deno check failed for the code cells in ${tsDir}`);
}

for (const p of problems) console.error(`check-notebooks: ${p}`);
if (problems.length > 0) process.exit(1);
console.log(`check-notebooks: ${files.length} notebooks, no outputs, code cells type-check`);
