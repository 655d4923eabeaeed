// Importing this module registers every CPU kernel. One line per kernel family.
import "./kernels/alias.js";
import "./kernels/arithmetic.js";
import "./kernels/cast.js";
import "./kernels/reduce.js";
import "./kernels/shape.js";

export { CpuBackend } from "./cpu-backend.js";
