#!/usr/bin/env bash
# One call on the lent GPU machine (Node carried; see bench/gpu-carry.sh): the GPU bench
# against PyTorch CUDA, then the CPU bench on two pinned cores (the size of our CI and
# development machines) against PyTorch CPU with two threads, both in the same call.
#   bash .gpu-carry/device-run.sh -- bash bench/device-all.sh
set -u
# The driver's EGL Vulkan ICD (the GLX one finds no driver on these machines).
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -f "$icd" ]; then
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); j['ICD']['library_path']='/usr/local/nvidia/lib64/libEGL_nvidia.so.0'; json.dump(j,open(sys.argv[2],'w'))" "$icd" "$PWD/nvidia-egl-icd.json"
  export VK_DRIVER_FILES=$PWD/nvidia-egl-icd.json VK_ICD_FILENAMES=$PWD/nvidia-egl-icd.json
fi
echo "== GPU"
timeout 300 node bench/gpu.mjs
echo "== CPU, 2 cores"
GRADBOOK_BENCH_PREBUILT=1 GRADBOOK_PEERS_PYTHON=python3 GRADBOOK_BENCH_THREADS=2 GRADBOOK_BENCH_SKIP="gradbook js,gradbook webgpu,tfjs-cpu" \
  timeout 240 taskset -c 0,1 node scripts/bench-cpu.mjs
[ -n "${OUT:-}" ] && cp build/bench-cpu.json "$OUT/" 2>/dev/null
true
