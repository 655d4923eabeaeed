// The entry of the kernels module: everything JavaScript calls, and the op codes it
// passes (exported as constants so JavaScript reads them instead of repeating them). The
// memory is imported and owned by JavaScript; `--runtime stub` leaves no allocator or GC.
export { gemm, gemmScratchBytes, gemmSplitK, gemmSplitKScratchBytes, gemmAddPartials, GEMM_KC } from "./gemm";
export * from "./elementwise";
export * from "./reduce";
export { im2col } from "./conv";
export * from "./pool";
export { adamUpdate, adamEpilogue, ADAM_EPILOGUE_BYTES } from "./optim";
export { oneHot } from "./one-hot";
export { gather } from "./gather";
export * from "./cast";
export { matmulBiasReluMaxPool, maxPoolArgmaxFilterGrad } from "./conv-pool";
export { softmaxCrossEntropy } from "./cross-entropy";
