#!/usr/bin/env bash
# Packs bench/gpu.mjs for a GPU machine without Node.js (see ../shared/gpu/README.md):
# builds kernel/dist, bundles tfjs-webgpu into build/tfjs-webgpu.cjs, then runs carry.sh.
# On the GPU machine: bash .gpu-carry/device-run.sh -- node bench/gpu.mjs
set -euo pipefail
cd "$(dirname "$0")/.."
node node_modules/typescript/bin/tsc -p kernel/tsconfig.json
mkdir -p build
node_modules/.bin/esbuild bench/tfjs-webgpu-entry.mjs --bundle --platform=node --format=cjs --log-level=warning --outfile=build/tfjs-webgpu.cjs
CARRY_MODULES="webgpu" "${CARRY_SH:-../shared/gpu/carry.sh}" package.json kernel/package.json kernel/dist bench build/tfjs-webgpu.cjs
