// Entry for bundling tfjs-core with tfjs-backend-webgpu into one file (bench/gpu-carry.sh),
// so both share one tfjs-core instance and the GPU machine needs no node_modules for them.
export * from "@tensorflow/tfjs-core";
export * from "@tensorflow/tfjs-backend-webgpu";
