import { registerWasmKernel, allFloat32 } from "../register.js";
import { wasmData } from "../wasm-backend.js";
import { gemm } from "../gemm.js";
import { sizeOf } from "../../../tensor/shape.js";
import type { AdamUpdateAttrs } from "../../../tensor/ops/adam-update.js";
import type { MatmulAdamAttrs } from "../../../tensor/ops/graph-only/matmul-adam-op.js";
import { productShape } from "../../../tensor/ops/graph-only/matmul-bias-relu-op.js";
import { matmulGeometry } from "../../matmul-geometry.js";

/** Elements per share: below this an update stays on one thread (it is bound by memory, not arithmetic). */
const ELEMENTS_PER_SHARE = 2 ** 15;

/** Adam's constants as the op-by-op update sees them (float32 scalars: Math.fround). */
const adamConstants = ({ beta1, beta2, epsilon }: AdamUpdateAttrs) => [Math.fround(1 - beta1), Math.fround(1 - beta2), Math.fround(epsilon)] as const;

registerWasmKernel<AdamUpdateAttrs>("adamUpdate", (inputs, attrs, _outputs, backend) => {
  if (!allFloat32(...inputs)) return undefined;
  const n = sizeOf(inputs[0]!.shape);
  const results = [backend.allocate(n, "float32"), backend.allocate(n, "float32"), backend.allocate(n, "float32")] as const;
  const [w2, m2, v2] = results;
  const pointers = inputs.map((t) => wasmData(t.dataId).ptr);
  const args = [...pointers, w2.ptr, m2.ptr, v2.ptr, n, ...adamConstants(attrs)];
  backend.parallel("adamUpdate", args, Math.min(backend.maxShares, Math.floor(n / ELEMENTS_PER_SHARE)));
  return [...results];
});

// Graph mode's fused weight update (graph/passes/adam-epilogue.ts): each share of the GEMM
// takes Adam's step on every 64-row block of its part of the gradient as soon as the block is
// complete (the gradient goes to memory of gemm's own, and is read back while in the cache).
registerWasmKernel<MatmulAdamAttrs>("matmulAdamUpdate", (inputs, attrs, _outputs, backend) => {
  const [a, b, w, m, v, alpha] = inputs;
  const { transposeA, transposeB } = attrs;
  const { m: rows, n: columns, k } = matmulGeometry(a!.shape, b!.shape, productShape(a!.shape, b!.shape, attrs), transposeA);
  if (!allFloat32(...inputs) || k === 0) return undefined; // no product to fuse the step into: the reference kernel
  const size = sizeOf(w!.shape);
  const results = [backend.allocate(size, "float32"), backend.allocate(size, "float32"), backend.allocate(size, "float32")] as const;
  const [w2, m2, v2] = results;
  const [c1, c2, epsilon] = adamConstants(attrs);
  const ptr = (t: (typeof inputs)[number] | undefined) => wasmData(t!.dataId).ptr;
  const adam = { w: ptr(w), m: ptr(m), v: ptr(v), alpha: ptr(alpha), w2: w2.ptr, m2: m2.ptr, v2: v2.ptr, c1, c2, epsilon };
  gemm(backend, ptr(a), ptr(b), 0, rows, columns, k, transposeA, transposeB, undefined, { adam });
  return [...results];
});
