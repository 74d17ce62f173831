#!/usr/bin/env bash
# Installs a CPU Vulkan driver so that WebGPU (Dawn, npm `webgpu`) finds an adapter on a machine
# without a GPU, for `gpufleet calibrate` and its integration test. Debian 12 (bookworm), as root,
# non-interactive, idempotent (a second run changes nothing and takes a second).
#
# What it installs:
#   - libvulkan1 (the Vulkan loader that Dawn loads at run time), from Debian.
#   - lavapipe from Mesa 25 (bookworm-backports), unpacked with `dpkg -x` into the project-local
#     folder .vulkan/lavapipe/ with an ICD json that points at it. System Mesa is not touched
#     (Debian 12's own lavapipe, Mesa 22.3, is rejected by Dawn).
#   - with --with-swiftshader also Chromium, whose bundled SwiftShader is a second, slower driver.
#
# `gpufleet calibrate` probes .vulkan/lavapipe/lvp_icd.json by itself; to use it elsewhere:
#   VK_ICD_FILENAMES=$PWD/.vulkan/lavapipe/lvp_icd.json
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.vulkan/lavapipe"
# The Debian mirror this machine's apt already uses (so the script names no host of its own).
system_mirror() {
  {
    sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null || true
    sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true
  } | tr ' ' '\n' | grep -v -e security -e '^$' | head -n 1 || true
}
MIRROR="${DEBIAN_MIRROR:-$(system_mirror)}"
WITH_SWIFTSHADER=0

for arg in "$@"; do
  case "$arg" in
    --with-swiftshader) WITH_SWIFTSHADER=1 ;;
    -h | --help)
      sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
      echo "usage: bash scripts/install-vulkan-cpu.sh [--with-swiftshader]"
      exit 0
      ;;
    *)
      echo "install-vulkan-cpu.sh: unknown option $arg (allowed: --with-swiftshader, --help)" >&2
      exit 2
      ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "install-vulkan-cpu.sh: run as root (it uses apt-get)" >&2
  exit 2
fi

export DEBIAN_FRONTEND=noninteractive
APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

# 1. The Vulkan loader and lavapipe's shared-library dependencies (all in bookworm main).
DEPS=(libvulkan1 libllvm15 libdrm2 libelf1 libexpat1 libwayland-client0 libx11-xcb1 libxcb-dri3-0
  libxcb-present0 libxcb-randr0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb1 libxshmfence1
  libzstd1 zlib1g ca-certificates)
mapfile -t NEED < <(missing_packages "${DEPS[@]}")
if [ "${#NEED[@]}" -gt 0 ]; then
  echo "install-vulkan-cpu.sh: installing ${NEED[*]}"
  apt_install "${NEED[@]}"
fi

# 2. lavapipe from Mesa 25 (bookworm-backports), unpacked beside the project, with a private apt
#    state so that the system's sources and package lists stay as they are.
lavapipe_ok() {
  [ -f "$DEST/lvp_icd.json" ] && [ -f "$DEST/libvulkan_lvp.so" ] &&
    ! ldd "$DEST/libvulkan_lvp.so" | grep -q 'not found'
}
if lavapipe_ok; then
  echo "install-vulkan-cpu.sh: lavapipe already in $DEST"
else
  if [ -z "$MIRROR" ]; then
    echo "install-vulkan-cpu.sh: no Debian mirror found in /etc/apt sources; set DEBIAN_MIRROR" >&2
    exit 1
  fi
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  mkdir -p "$WORK/lists/partial" "$WORK/cache/archives/partial" "$WORK/x"
  printf 'deb %s bookworm main\ndeb %s bookworm-backports main\n' "$MIRROR" "$MIRROR" >"$WORK/sources.list"
  APT_PRIVATE=(-o "Dir::Etc::sourcelist=$WORK/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$WORK/lists" -o "Dir::Cache=$WORK/cache" -o "APT::Sandbox::User=root")
  echo "install-vulkan-cpu.sh: downloading mesa-vulkan-drivers from bookworm-backports"
  apt-get "${APT_PRIVATE[@]}" update -qq
  (cd "$WORK" && apt-get "${APT_PRIVATE[@]}" download -qq mesa-vulkan-drivers/bookworm-backports)
  DEB="$(ls "$WORK"/mesa-vulkan-drivers_*.deb)"
  dpkg -x "$DEB" "$WORK/x"
  mkdir -p "$DEST"
  install -m 0644 "$WORK/x/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so" "$DEST/libvulkan_lvp.so"
  VERSION="$(dpkg-deb -f "$DEB" Version)"
  API="$(sed -n 's/.*"api_version": *"\([0-9.]*\)".*/\1/p' "$WORK/x/usr/share/vulkan/icd.d/lvp_icd.json" | head -n 1)"
  cat >"$DEST/lvp_icd.json" <<EOF
{
  "file_format_version": "1.0.0",
  "ICD": { "library_path": "$DEST/libvulkan_lvp.so", "api_version": "${API:-1.3.0}" }
}
EOF
  echo "$VERSION" >"$DEST/VERSION"
  if ! lavapipe_ok; then
    echo "install-vulkan-cpu.sh: lavapipe in $DEST misses libraries:" >&2
    ldd "$DEST/libvulkan_lvp.so" | grep 'not found' >&2
    exit 1
  fi
  echo "install-vulkan-cpu.sh: lavapipe (mesa $VERSION) installed in $DEST"
fi
# The folder holds binaries only: keep it out of git whatever the project's .gitignore says.
echo '*' >"$ROOT/.vulkan/.gitignore"

# 3. Optional: Chromium's SwiftShader.
if [ "$WITH_SWIFTSHADER" -eq 1 ]; then
  if [ -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
    echo "install-vulkan-cpu.sh: SwiftShader already in /usr/lib/chromium"
  else
    echo "install-vulkan-cpu.sh: installing chromium (for SwiftShader)"
    apt_install chromium
  fi
fi
