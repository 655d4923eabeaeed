import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, sparse, sparseFromDense, sparseMatmul, SparseTensor, grads, tidy, dispose, memory, zeros, ones, ShapeError, ArgumentError, DTypeError, type Tensor } from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";

/** Dense float64 reference of a COO matrix, duplicates summed. */
function denseOf(indices: number[][], values: number[], shape: number[]): number[][] {
  const out = Array.from({ length: shape[0]! }, () => new Array<number>(shape[1]!).fill(0));
  indices.forEach(([r, c], k) => (out[r!]![c!]! += values[k]!));
  return out;
}

function matmulRef(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]?.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)) ?? []);
}

const transposed = (m: number[][], cols: number) => Array.from({ length: cols }, (_, j) => m.map((row) => row[j]!));

test("sparse ↔ dense round trip; duplicated indices add up", () => {
  const s = sparse([[0, 1], [2, 0]], [5, 7], [3, 2]);
  assert.equal(s.nnz, 2);
  assert.equal(s.dtype, "float32");
  assert.deepEqual(s.indices.shape, [2, 2]);
  assert.deepEqual(s.toDense().arraySync(), [[0, 5], [0, 0], [7, 0]]);
  assert.deepEqual(sparse([[1, 1], [1, 1]], [2, 3], [2, 2]).toDense().arraySync(), [[0, 0], [0, 5]]);
  const dense = tensor([[0, 2, 0], [3, 0, 4]], "int32");
  const back = sparseFromDense(dense);
  assert.deepEqual(back.indices.arraySync(), [[0, 1], [1, 0], [1, 2]]);
  assert.deepEqual(back.values.arraySync(), [2, 3, 4]);
  assert.deepEqual(back.toDense().arraySync(), dense.arraySync());
  assert.equal(back.values.dtype, "int32");
  // Rank 1 and 3, bool, and empty.
  assert.deepEqual(sparse([1, 3], [1, 2], [4]).toDense().arraySync(), [0, 1, 0, 2]);
  assert.deepEqual(sparse([[0, 1, 1]], [9], [1, 2, 2]).toDense().arraySync(), [[[0, 0], [0, 9]]]);
  assert.deepEqual(SparseTensor.fromDense(tensor([true, false, true])).toDense().arraySync(), [true, false, true]);
  const empty = sparse([], [], [2, 3]);
  assert.equal(empty.nnz, 0);
  assert.deepEqual(empty.toDense().arraySync(), [[0, 0, 0], [0, 0, 0]]);
  assert.equal(sparseFromDense(zeros([2, 2])).nnz, 0);
});

test("sparseMatmul equals the dense product, also transposed and with mixed dtypes", () => {
  const indices = [[0, 1], [1, 0], [2, 2], [0, 1], [2, 0]];
  const values = [2, 3, -1, 0.5, 4];
  const a = sparse(indices, values, [3, 3], "float64");
  const b = randomF64([3, 4], 3);
  const bRows = b.arraySync() as number[][];
  const reference = denseOf(indices, values, [3, 3]);
  assertClose(sparseMatmul(a, b).arraySync(), matmulRef(reference, bRows), 1e-12);
  assertClose(a.matmul(b, { transposeA: true }).arraySync(), matmulRef(transposed(reference, 3), bRows), 1e-12);
  const rect = sparse([[0, 3], [1, 1]], [1, 2], [2, 4]);
  assert.deepEqual(sparseMatmul(rect, ones([4, 2])).arraySync(), [[1, 1], [2, 2]]);
  assert.deepEqual(sparseMatmul(rect, ones([2, 3]), { transposeA: true }).shape, [4, 3]);
  // int32 values times float32 dense promote to float32.
  const mixed = sparseMatmul(sparse([[0, 0]], tensor([2], "int32"), [1, 1]), tensor([[1.5]]));
  assert.equal(mixed.dtype, "float32");
  assert.deepEqual(mixed.arraySync(), [[3]]);
  assert.deepEqual(sparseMatmul(sparse([], [], [2, 3]), ones([3, 2])).arraySync(), [[0, 0], [0, 0]]);
  assert.deepEqual(sparseMatmul(rect, zeros([4, 0])).shape, [2, 0]);
});

test("sparseMatmul costs O(nnz), not O(dense size)", () => {
  // A dense [n, n] float32 would need 40 GB: any code path that materialises it fails.
  const n = 100_000;
  const a = sparse([[0, n - 1], [n - 1, 0], [5, 5]], [1, 2, 3], [n, n]);
  const y = sparseMatmul(a, ones([n, 1]));
  assert.deepEqual(y.shape, [n, 1]);
  const out = y.dataSync();
  assert.deepEqual([out[0], out[5], out[n - 1]], [1, 3, 2]);
  assert.deepEqual(a.sum(0).shape, [n]);
  assert.equal(a.sum().item(), 6);
});

test("gradients of sparseMatmul with respect to the values and the dense operand", () => {
  const cases: { indices: number[][]; shape: [number, number]; cols: number }[] = [
    { indices: [[0, 1], [1, 0], [2, 2], [2, 0]], shape: [3, 3], cols: 2 },
    { indices: [[0, 3], [1, 1], [1, 1]], shape: [2, 4], cols: 1 },
    { indices: [[0, 0]], shape: [1, 1], cols: 3 },
    { indices: [], shape: [2, 2], cols: 2 },
  ];
  cases.forEach(({ indices, shape, cols }, k) => {
    const v = randomF64([indices.length], k + 1);
    for (const transposeA of [false, true]) {
      const b = randomF64([transposeA ? shape[0] : shape[1], cols], k + 11);
      checkGrads((values, dense) => sparseMatmul(sparse(indices, values!, shape), dense!, { transposeA }), [v, b]);
    }
  });
});

test("second derivatives of sparseMatmul match finite differences", () => {
  const indices = [[0, 1], [1, 0], [2, 2], [0, 0]];
  const shape: [number, number] = [3, 3];
  for (const transposeA of [false, true]) {
    const lossT = (values: Tensor, dense: Tensor) => sparseMatmul(sparse(indices, values, shape), dense, { transposeA }).square().sum();
    const v = randomF64([4], 5);
    const b = randomF64([3, 2], 6);
    for (const which of [0, 1]) checkGrads((values, dense) => grads((x, y) => lossT(x!, y!))(values!, dense!)[which]!, [v, b], { tolerance: 1e-5 });
  }
});

test("sum over all or some axes, with keepDims, equals the dense sum; gradients reach the values", () => {
  const indices = [[0, 1, 0], [1, 0, 2], [1, 2, 1], [0, 1, 0]];
  const values = [1, 2, 3, 4];
  const s = sparse(indices, values, [2, 3, 3], "float64");
  const dense = s.toDense().arraySync() as number[][][];
  assert.equal(s.sum().item(), 10);
  assert.deepEqual(s.sum().shape, []);
  assert.deepEqual(s.sum(0).arraySync(), dense[0]!.map((row, i) => row.map((x, j) => x + dense[1]![i]![j]!)));
  // Grouped by the middle index: 0 → 2, 1 → 1 + 4, 2 → 3.
  assert.deepEqual(s.sum([0, 2]).arraySync(), [2, 5, 3]);
  assert.deepEqual(s.sum(-1, true).arraySync(), dense.map((m) => m.map((row) => [row.reduce((a, b) => a + b, 0)])));
  assert.equal(sparse([[0], [1]], [true, true], [3]).sum().dtype, "int32");
  const v = randomF64([4], 9);
  for (const axes of [undefined, 0, [0, 2], [1]]) checkGrads((x) => sparse(indices, x!, [2, 3, 3]).sum(axes), [v]);
  checkGrads((x) => sparse(indices, x!, [2, 3, 3]).toDense(), [v]);
  // fromDense gathers with an op, so gradients flow back to the dense tensor.
  checkGrads((d) => SparseTensor.fromDense(d!).values.square(), [randomF64([3, 2], 4)]);
});

test("toString lists the stored entries", () => {
  assert.equal(String(sparse([[0, 1], [2, 0]], [5, 7.5], [3, 2])), "SparseTensor float32 [3, 2], 2 stored values\n  [0, 1]  5. \n  [2, 0]  7.5");
  assert.equal(String(sparse([], [], [2])), "SparseTensor float32 [2], 0 stored values");
});

test("bad sparse arguments name the function and the values", () => {
  assert.throws(() => sparse([[0, 2]], [1], [2, 2]), (e: unknown) => e instanceof ArgumentError && /sparse: index \[0, 2\] of entry 0 is out of range for shape \[2, 2\]/.test(e.message));
  assert.throws(() => sparse([[0, 1]], [1, 2], [2, 2]), (e: unknown) => e instanceof ShapeError && /sparse: indices must have shape \[2, 2\] \(nnz, rank\), got \[1, 2\]/.test(e.message));
  assert.throws(() => sparse([[0.5, 1]], [1], [2, 2]), /sparse: indices must be integers/);
  const a = sparse([[0, 1]], [1], [2, 3]);
  assert.throws(() => sparseMatmul(a, ones([2, 2])), (e: unknown) => e instanceof ShapeError && /sparseMatmul: inner dimensions differ: a is \[2, 3\], b is \[2, 2\]/.test(e.message));
  assert.throws(() => sparseMatmul(a, ones([3])), /sparseMatmul: the dense operand must be 2-D, got shape \[3\]/);
  assert.throws(() => sparseMatmul(sparse([[0, 0, 0]], [1], [1, 1, 1]), ones([1, 1])), /sparseMatmul: a must be 2-D, got dense shape \[1, 1, 1\]/);
  assert.throws(() => sparseMatmul(ones([2, 2]) as unknown as SparseTensor, ones([2, 2])), /sparseMatmul: a must be a SparseTensor/);
  assert.throws(() => sparseMatmul(sparse([[0, 0]], [true], [1, 1]), tensor([[true]])), (e: unknown) => e instanceof DTypeError && /sparseMatmul: bool operands are not supported/.test(e.message));
  assert.throws(() => a.sum(2), /SparseTensor\.sum: axis 2 is out of range for a tensor of rank 2/);
});

test("tidy keeps a returned sparse tensor and frees the intermediates", () => {
  const before = memory().numTensors;
  const s = tidy(() => {
    const a = sparse([[0, 1]], [2], [2, 2]);
    return a.withValues(a.values.mul(3));
  });
  assert.deepEqual(s.toDense().arraySync(), [[0, 6], [0, 0]]);
  assert.equal(memory().numTensors, before + 3); // indices, values and the dense result just made
  dispose(s);
  assert.equal(memory().numTensors, before + 1);
});
