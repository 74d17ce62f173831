#!/bin/sh
# Starts the Deno Jupyter kernel from the project's own node_modules (npm package `deno`, a
# devDependency), so no global Deno install is needed. Jupyter passes {resource_dir} (this folder) as
# argv[0]'s directory; the repository root is three levels up. exec: the kernel process is deno itself,
# so Jupyter's interrupt and shutdown signals reach it.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
deno="$root/node_modules/deno/bin.cjs"
if [ -x "$root/node_modules/deno/deno" ]; then deno="$root/node_modules/deno/deno"; fi
if [ ! -e "$deno" ]; then
  echo "deno-kernel: $root/node_modules/deno is missing; run npm ci" >&2
  exit 1
fi
export NO_COLOR=1
exec "$deno" "$@"
