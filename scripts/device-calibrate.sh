#!/usr/bin/env bash
# Runs `gpufleet calibrate` on the lent GPU machine from what scripts/pack-device.sh packed into
# .device/, and leaves the profile, its log and the GPU's identity under $OUT (what comes back):
#   $OUT/profile.json  the calibration profile (commit it as calibration/<gpu>.json)
#   $OUT/calibrate.log the command's output
#   $OUT/gpu.txt       nvidia-smi -L and the Vulkan driver used
#   $OUT/attention.csv attention kernel times (scripts/device-attention.py), where python3 has torch with CUDA
# Extra arguments go to `gpufleet calibrate` (e.g. --quick, --as H200). Without $OUT (a local dry
# run, e.g. with VK_ICD_FILENAMES pointing at lavapipe) the files go to .device/out/.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-$ROOT/.device/out}"
RUNTIME="${GPUFLEET_DEVICE_DIR:-/tmp/gpufleet-device}"
mkdir -p "$OUT" "$RUNTIME"

if [ ! -f "$ROOT/.device/runtime.tar.xz" ]; then
  echo "device-calibrate.sh: .device/runtime.tar.xz is missing: run scripts/pack-device.sh here and carry .device" >&2
  exit 2
fi
xz -dc "$ROOT/.device/runtime.tar.xz" | tar -C "$RUNTIME" -xf -

# The image may lack the Vulkan loader: unpack the carried one (the device notes' recipe).
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  for deb in "$ROOT"/.device/gl/*.deb; do dpkg -x "$deb" /; done
  ldconfig
fi

args=(calibrate --out "$OUT/profile.json")
NVIDIA_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f "$NVIDIA_ICD" ]; then args+=(--icd "$NVIDIA_ICD"); fi
{
  nvidia-smi -L 2>&1 || echo "nvidia-smi: not available"
  echo "VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-} nvidia icd: $([ -f "$NVIDIA_ICD" ] && echo "$NVIDIA_ICD" || echo none)"
} > "$OUT/gpu.txt"

# Attention kernels on this GPU (the attention model has no Hopper measurement otherwise); first, as it is short.
if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  python3 "$ROOT/scripts/device-attention.py" --out "$OUT/attention.csv" 2>&1 | tee "$OUT/attention.log" || true
fi

cd "$RUNTIME/gpufleet"
"$RUNTIME/node" dist/cli/main.js "${args[@]}" "$@" 2>&1 | tee "$OUT/calibrate.log"
status="${PIPESTATUS[0]}"
echo "device-calibrate.sh: gpufleet calibrate exited $status; files in $OUT" >&2
exit "$status"
