import { registerWasmKernel, allFloat32 } from "../register.js";
import { wasmData, type WasmBackend, type WasmData } from "../wasm-backend.js";
import { collapse } from "../strides.js";
import { broadcastStrides } from "../../cpu/elementwise.js";
import type { TensorInfo, OutputInfo } from "../../backend.js";
import { shapesEqual, sizeOf, stridesOf, type Shape } from "../../../tensor/shape.js";
import type { TransposeAttrs } from "../../../tensor/ops/transpose.js";
import type { SliceAttrs } from "../../../tensor/ops/slice.js";
import { sliceWalk } from "../../cpu/indexing.js";

/** An operand of a strided kernel: its storage and, unless it has the output's shape, its element strides over the output's axes. */
interface Operand {
  readonly data: WasmData;
  readonly strides?: readonly number[];
}

/** Output elements per share: below this an elementwise op stays on one thread (it is bound by memory, and waking a thread costs ~20 µs). */
const ELEMENTS_PER_SHARE = 2 ** 17;

/**
 * The collapsed shape with its size-1 padding moved behind the row axes, so that axis 0 is
 * the outermost row axis: the kernels' shares cut axis 0 (or the elements of a single row).
 * @example rowsFirst([1, 1, 6, 4], [[0, 0, 4, 1]]) // { shape: [6, 1, 1, 4], strides: [[4, 0, 0, 1]] }
 */
function rowsFirst(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const order = [...[0, 1, 2].filter((axis) => shape[axis] !== 1), ...[0, 1, 2].filter((axis) => shape[axis] === 1), 3];
  return { shape: order.map((axis) => shape[axis]!), strides: strides.map((s) => order.map((axis) => s[axis]!)) };
}

/**
 * Runs a strided elementwise kernel (`binary`, `compare`, `select` or `unary`) over `out`'s
 * shape with each operand's element strides; returns the output, or undefined when the
 * shape does not collapse to four axes. Operands of the output's own shape are walked as
 * one flat run (no stride arithmetic: the common case in a training step). Large outputs
 * are cut into shares that the threads run.
 */
function strided(backend: WasmBackend, kernel: string, code: number | undefined, operands: readonly Operand[], out: OutputInfo): WasmData[] | undefined {
  const length = sizeOf(out.shape);
  let shape = [1, 1, 1, length];
  let strides = operands.map(() => [0, 0, 0, 1]);
  if (operands.some((o) => o.strides)) {
    const plan = collapse(out.shape, operands.map((o) => o.strides ?? stridesOf(out.shape)));
    if (!plan) return undefined;
    ({ shape, strides } = rowsFirst(plan.shape, plan.strides));
  }
  const result = backend.allocate(length, out.dtype);
  if (length === 0) return [result];
  const head = code === undefined ? [] : [code];
  const shares = Math.min(backend.maxShares, Math.floor(length / ELEMENTS_PER_SHARE));
  backend.parallel(kernel, [...head, ...operands.map((o) => o.data.ptr), result.ptr, ...shape, ...strides.flat()], shares);
  return [result];
}

/** An input as an operand over the output's shape (broadcast axes get stride 0). */
const operand = (t: TensorInfo, outShape: Shape): Operand => ({
  data: wasmData(t.dataId),
  strides: shapesEqual(t.shape, outShape) ? undefined : broadcastStrides(t.shape, outShape),
});

for (const [op, code] of [["add", "ADD"], ["sub", "SUB"], ["mul", "MUL"], ["div", "DIV"], ["maximum", "MAXIMUM"], ["minimum", "MINIMUM"]] as const) {
  registerWasmKernel(op, ([a, b], _, [out], backend) =>
    allFloat32(a!, b!, out!) ? strided(backend, "binary", backend.constant(code), [operand(a!, out!.shape), operand(b!, out!.shape)], out!) : undefined,
  );
}

const comparisons = [["equal", "EQUAL"], ["notEqual", "NOT_EQUAL"], ["less", "LESS"], ["lessEqual", "LESS_EQUAL"], ["greater", "GREATER"], ["greaterEqual", "GREATER_EQUAL"]] as const;
// float32 or int32 operands (accuracy metrics compare int32 labels with argmax).
for (const [op, code] of comparisons) {
  registerWasmKernel(op, ([a, b], _, [out], backend) => {
    const ints = a!.dtype === "int32" && b!.dtype === "int32";
    if (!ints && !allFloat32(a!, b!)) return undefined;
    const opCode = backend.constant(code) + (ints ? backend.constant("INT32_OPERANDS") : 0);
    return strided(backend, "compare", opCode, [operand(a!, out!.shape), operand(b!, out!.shape)], out!);
  });
}

registerWasmKernel("where", ([condition, a, b], _, [out], backend) =>
  condition!.dtype === "bool" && allFloat32(a!, b!, out!)
    ? strided(backend, "select", undefined, [operand(condition!, out!.shape), operand(a!, out!.shape), operand(b!, out!.shape)], out!)
    : undefined,
);

const unaries = [["neg", "NEG"], ["square", "SQUARE"], ["sqrt", "SQRT"], ["relu", "RELU"], ["abs", "ABS"], ["exp", "EXP"], ["log", "LOG"], ["sigmoid", "SIGMOID"], ["tanh", "TANH"], ["reciprocal", "RECIPROCAL"]] as const;
for (const [op, code] of unaries) {
  registerWasmKernel(op, ([x], _, [out], backend) =>
    allFloat32(x!, out!) ? strided(backend, "unary", backend.constant(code), [operand(x!, out!.shape)], out!) : undefined,
  );
}

// Copies with broadcast or permuted strides; 4-byte dtypes only (the kernel moves float32 bit patterns).
const fourBytes = (t: { dtype: string }) => t.dtype === "float32" || t.dtype === "int32";

registerWasmKernel("broadcastTo", ([x], _, [out], backend) =>
  fourBytes(x!) ? strided(backend, "unary", backend.constant("COPY"), [operand(x!, out!.shape)], out!) : undefined,
);

registerWasmKernel<TransposeAttrs>("transpose", ([x], { perm }, [out], backend) => {
  if (!fourBytes(x!)) return undefined;
  const strides = stridesOf(x!.shape);
  return strided(backend, "unary", backend.constant("COPY"), [{ data: wasmData(x!.dataId), strides: perm.map((p) => strides[p]!) }], out!);
});

// A slice reads x from its first element with step-scaled strides (negative steps walk back); validation batches are slices.
registerWasmKernel<SliceAttrs>("stridedSlice", ([x], attrs, [out], backend) => {
  if (!fourBytes(x!)) return undefined;
  const { offset, strides } = sliceWalk(x!.shape, attrs);
  const data = wasmData(x!.dataId);
  return strided(backend, "unary", backend.constant("COPY"), [{ data: { ...data, ptr: data.ptr + 4 * offset }, strides }], out!);
});

// Same elements in the same order: share the input's memory.
registerWasmKernel("reshape", ([x]) => [x!.dataId]);
