// The entry of the kernels module: everything JavaScript calls (the memory is imported
// and owned by JavaScript; `--runtime stub` leaves no allocator or GC in the module).
export { gemm, gemmScratchBytes } from "./gemm";
export { binary, compare, select, unary } from "./elementwise";
export { reduce, softmax } from "./reduce";
