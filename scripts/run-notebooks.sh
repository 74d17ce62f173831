#!/usr/bin/env bash
# npm run notebooks: check and type-check the notebooks (scripts/check-notebooks.mjs), then execute
# each one headless with Jupyter's nbconvert on the project's Deno kernel (.jupyter/kernels/deno) into
# build/notebooks/ (executed .ipynb and .html). Any failing cell fails the run (exit 1).
# Needs Debian's jupyter-nbconvert (apt-get install --no-install-recommends jupyter-nbconvert).
set -euo pipefail
cd "$(dirname "$0")/.."

export JUPYTER_PATH="$PWD/.jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export NO_COLOR=1
out=build/notebooks

if ! command -v jupyter >/dev/null 2>&1 || ! jupyter nbconvert --version >/dev/null 2>&1; then
  echo "run-notebooks: jupyter nbconvert not found (apt-get install -y --no-install-recommends jupyter-nbconvert)" >&2
  exit 1
fi
# The notebooks import the built package (dist/): rebuild when it is missing or older than src/.
if [ ! -f dist/index.js ] || [ -n "$(find src -newer dist/index.js -name '*.ts' -print -quit)" ]; then
  npm run build
fi

node scripts/check-notebooks.mjs

mkdir -p "$out"
# Seconds since a start time in ms, one decimal (no bc on a bare machine).
elapsed() { local ms=$(( $(date +%s%N) / 1000000 - $1 )); printf '%d.%d' $(( ms / 1000 )) $(( ms % 1000 / 100 )); }
failed=()
for nb in notebooks/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  start_ms=$(( $(date +%s%N) / 1000000 ))
  if jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=deno \
      --ExecutePreprocessor.timeout=600 --output-dir "$out" --log-level WARN "$nb" 2> "$out/$name.log"; then
    jupyter nbconvert --to html --output-dir "$out" --log-level WARN "$out/$name.ipynb" 2>> "$out/$name.log"
    printf 'run-notebooks: %-28s ok     %6s s  %8d bytes ipynb  %8d bytes html\n' "$name" \
      "$(elapsed "$start_ms")" "$(stat -c %s "$out/$name.ipynb")" "$(stat -c %s "$out/$name.html")"
  else
    printf 'run-notebooks: %-28s FAILED %6s s (log: %s)\n' "$name" "$(elapsed "$start_ms")" "$out/$name.log"
    grep -v '^Warning "deno jupyter" is unstable' "$out/$name.log" | tail -25 >&2
    failed+=("$name")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "run-notebooks: ${#failed[@]} failed: ${failed[*]}" >&2
  exit 1
fi
echo "run-notebooks: all notebooks executed into $out/"
