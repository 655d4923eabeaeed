#!/usr/bin/env bash
# Packs bench/gpu.mjs for a GPU machine without Node.js (see ../shared/gpu/README.md):
# builds kernel/dist, bundles tfjs-webgpu into build/tfjs-webgpu.cjs (afresh), then runs carry.sh.
# On the GPU machine: bash .gpu-carry/device-run.sh -- node bench/gpu.mjs
set -euo pipefail
cd "$(dirname "$0")/.."
node node_modules/typescript/bin/tsc -p kernel/tsconfig.json
rm -f build/tfjs-webgpu.cjs
node bench/tfjs-webgpu-bundle.mjs
carry=${CARRY_SH:-$(ls ../shared/gpu/carry.sh ../../shared/gpu/carry.sh 2>/dev/null | head -1 || true)}
# carry.sh notes .gpu-carry in .git/info/exclude, which is a file path only in a main checkout:
# run a copy that asks git where that file is (a worktree's .git is a file).
cp "$(dirname "$carry")/device-run.sh" build/
# (and compresses faster: -1 instead of -6 costs a few MiB on a busy 2-core machine).
sed -e "s#\.git/info/exclude#$(git rev-parse --git-path info/exclude)#g" -e "s#xz -T0 -6#xz -T0 -1#" "$carry" > build/carry.sh
mkdir -p "$(dirname "$(git rev-parse --git-path info/exclude)")"
# scripts/: bench/device-all.sh also runs the CPU bench (scripts/bench-cpu.mjs) in that call.
CARRY_MODULES="webgpu" bash build/carry.sh package.json kernel/package.json kernel/dist bench scripts build/tfjs-webgpu.cjs
