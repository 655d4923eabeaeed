// Importing this module registers every CPU kernel. One line per kernel family.
import "./kernels/activations.js";
import "./kernels/adam-update.js";
import "./kernels/alias.js";
import "./kernels/arithmetic.js";
import "./kernels/binary.js";
import "./kernels/cast.js";
import "./kernels/compare.js";
import "./kernels/conv.js";
import "./kernels/conv-pool.js";
import "./kernels/cross-entropy.js";
import "./kernels/cumsum.js";
import "./kernels/logical.js";
import "./kernels/matmul.js";
import "./kernels/pool.js";
import "./kernels/ragged.js";
import "./kernels/reduce.js";
import "./kernels/rounding.js";
import "./kernels/shape.js";
import "./kernels/softmax.js";
import "./kernels/sort.js";
import "./kernels/sparse.js";
import "./kernels/unary.js";
import "./fused.js";

export { CpuBackend, CPU_JS } from "./cpu-backend.js";
