#!/usr/bin/env bash
# Packs what `gpufleet calibrate` needs on a lent GPU machine into .device/ (git-ignored), for one
# `device.run` of scripts/device-calibrate.sh (issue 13 item 2: a real GPU profile). That machine
# has no Node.js and no network, so everything travels: a Node binary, the built CLI with its
# production dependencies (webgpu's linux-x64 Dawn only) and the Vulkan loader's .deb. It must stay
# under the device's 64 MiB working-tree limit with the repository (about 40 MiB here).
#
# Run here (network to the npm registry and Debian), as root for apt-get download:
#   bash scripts/pack-device.sh
# then on the GPU machine (the device tool), one call:
#   run(command: "bash scripts/device-calibrate.sh", carry: [".device"], timeout_s: 420)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.device"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

case "$(uname -m)" in
  x86_64) ;;
  *) echo "pack-device.sh: the GPU machine is x86-64; pack on an x86-64 machine (this is $(uname -m))" >&2; exit 2 ;;
esac

cd "$ROOT"
npm run build --silent
mkdir -p "$STAGE/gpufleet"
cp package.json package-lock.json "$STAGE/gpufleet/"
# Production dependencies from the lockfile; no scripts (the `prepare` build needs dev tools, and dist/ is copied built).
(cd "$STAGE/gpufleet" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
find "$STAGE/gpufleet/node_modules/webgpu/dist" -mindepth 1 -maxdepth 1 ! -name linux-x64 -exec rm -rf {} +
cp -r dist "$STAGE/gpufleet/dist"
cp "$(readlink -f "$(command -v node)")" "$STAGE/node"

rm -rf "$DEST"
mkdir -p "$DEST/gl"
tar -C "$STAGE" -cf - . | xz -6 -T0 > "$DEST/runtime.tar.xz"
# The Vulkan loader Dawn opens (libvulkan.so.1); the NVIDIA driver's ICD is on the machine itself.
lists="$(mktemp -d)"
apt_opts=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 "-oDir::State::Lists=$lists")
apt-get "${apt_opts[@]}" -qq update
(cd "$DEST/gl" && apt-get "${apt_opts[@]}" -qq download libvulkan1)
rm -rf "$lists"
du -sh "$DEST" "$DEST"/* | sed 's/^/pack-device.sh: /'
