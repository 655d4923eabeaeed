import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, ragged, raggedFromDense, RaggedTensor, grads, tidy, dispose, memory, ShapeError, ArgumentError, type Tensor } from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";

test("ragged() from uneven nested arrays: values, row splits, lengths, shape", () => {
  const r = ragged([[1, 2], [3], []]);
  assert.equal(r.nrows, 3);
  assert.deepEqual(r.shape, [3, null]);
  assert.equal(r.dtype, "float32");
  assert.deepEqual(r.values.arraySync(), [1, 2, 3]);
  assert.deepEqual(r.rowSplits.arraySync(), [0, 2, 3, 3]);
  assert.equal(r.rowSplits.dtype, "int32");
  assert.deepEqual(r.rowLengths().arraySync(), [2, 1, 0]);
  assert.deepEqual(r.arraySync(), [[1, 2], [3], []]);
  assert.equal(ragged([[1], [2, 3]], "int32").dtype, "int32");
  assert.equal(ragged([[true], []]).dtype, "bool");
  assert.deepEqual(ragged([[], []]).rowLengths().arraySync(), [0, 0]);
  assert.equal(ragged([]).nrows, 0);
  // Rows of equal-shaped inner arrays give an inner axis.
  const inner = ragged([[[1, 2]], [[3, 4], [5, 6]]]);
  assert.deepEqual(inner.shape, [2, null, 2]);
  assert.deepEqual(inner.arraySync(), [[[1, 2]], [[3, 4], [5, 6]]]);
  assert.deepEqual(new RaggedTensor(tensor([1, 2, 3]), [0, 1, 3]).arraySync(), [[1], [2, 3]]);
});

test("toDense pads short rows; fromDense takes lengths, strips padding or keeps whole rows", () => {
  const r = ragged([[1, 2], [3], []]);
  assert.deepEqual(r.toDense().arraySync(), [[1, 2], [3, 0], [0, 0]]);
  assert.deepEqual(r.toDense(-1).arraySync(), [[1, 2], [3, -1], [-1, -1]]);
  assert.deepEqual(ragged([[[1, 2]], [[3, 4], [5, 6]]]).toDense(9).arraySync(), [[[1, 2], [9, 9]], [[3, 4], [5, 6]]]);
  assert.deepEqual(ragged([[], []]).toDense().shape, [2, 0]);
  const dense = tensor([[1, 2, 0], [3, 0, 0], [0, 0, 0], [0, 4, 0]]);
  assert.deepEqual(raggedFromDense(dense, { padding: 0 }).arraySync(), [[1, 2], [3], [], [0, 4]]);
  assert.deepEqual(raggedFromDense(dense, { lengths: [1, 0, 3, 2] }).arraySync(), [[1], [], [0, 0, 0], [0, 4]]);
  assert.deepEqual(RaggedTensor.fromDense(dense).rowLengths().arraySync(), [3, 3, 3, 3]);
  assert.deepEqual(raggedFromDense(tensor([[[1, 1], [0, 0]], [[0, 1], [0, 0]]]), { padding: 0 }).arraySync(), [[[1, 1]], [[0, 1]]]);
});

test("property: toDense then fromDense with the row lengths gives the rows back", () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.integer({ min: -9, max: 9 }), { maxLength: 5 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: -20, max: 20 }), (rows, pad) => {
      const r = ragged(rows, "int32");
      const dense = r.toDense(pad);
      const width = Math.max(0, ...rows.map((row) => row.length));
      assert.deepEqual(dense.arraySync(), rows.map((row) => [...row, ...new Array<number>(width - row.length).fill(pad)]));
      assert.deepEqual(raggedFromDense(dense, { lengths: rows.map((row) => row.length) }).arraySync(), rows);
      assert.deepEqual(r.sum().arraySync(), rows.map((row) => row.reduce((a, b) => a + b, 0)));
    }),
  );
});

test("per-row reductions: sum, mean, max, min", () => {
  const r = ragged([[1, 2], [3], [], [-4, 7, 0.5]]);
  assert.deepEqual(r.sum().arraySync(), [3, 3, 0, 3.5]);
  assertClose(r.mean().arraySync(), [1.5, 3, NaN, 3.5 / 3]);
  assert.deepEqual(r.max().arraySync(), [2, 3, -Infinity, 7]);
  assert.deepEqual(r.min().arraySync(), [1, 3, Infinity, -4]);
  const ints = ragged([[5, -2], []], "int32");
  assert.deepEqual(ints.max().arraySync(), [5, -2147483648]);
  assert.deepEqual(ints.min().arraySync(), [-2, 2147483647]);
  assert.equal(ints.sum().dtype, "int32");
  assert.equal(ints.mean().dtype, "float32");
  assert.deepEqual(ragged([[true, true], [false]]).sum().arraySync(), [2, 0]);
  // With an inner axis each row reduces to a vector.
  const inner = ragged([[[1, 5], [3, 2]], [[4, 4]]]);
  assert.deepEqual(inner.sum().arraySync(), [[4, 7], [4, 4]]);
  assert.deepEqual(inner.max().arraySync(), [[3, 5], [4, 4]]);
  assert.deepEqual(inner.mean().arraySync(), [[2, 3.5], [4, 4]]);
  assert.ok(Number.isNaN(ragged([[NaN, 1], [2]]).max().dataSync()[0]!));
});

test("elementwise ops with a scalar, a ragged tensor with the same rows, or one value per row", () => {
  const r = ragged([[1, 2], [3], []]);
  assert.deepEqual(r.add(10).arraySync(), [[11, 12], [13], []]);
  assert.deepEqual(r.mul(tensor(2)).arraySync(), [[2, 4], [6], []]);
  assert.deepEqual(r.sub(r).arraySync(), [[0, 0], [0], []]);
  assert.deepEqual(r.mul(ragged([[2, 3], [4], []])).arraySync(), [[2, 6], [12], []]);
  assert.deepEqual(r.div(2).arraySync(), [[0.5, 1], [1.5], []]);
  assert.deepEqual(r.neg().arraySync(), [[-1, -2], [-3], []]);
  assert.deepEqual(r.sub(tensor([[1], [3], [0]])).arraySync(), [[0, 1], [0], []]);
  assert.deepEqual(r.map((v) => v.square()).arraySync(), [[1, 4], [9], []]);
  assert.deepEqual(ragged([[1, 2], [4]], "int32").mul(3).values.dtype, "int32");
  assert.deepEqual(ragged([[[1, 2]], [[3, 4], [5, 6]]]).mul(tensor([10, 100])).arraySync(), [[[10, 200]], [[30, 400], [50, 600]]]);
  // Results share the row splits.
  assert.equal(r.add(1).rowSplits, r.rowSplits);
  assert.throws(
    () => r.add(ragged([[1], [2, 3], []])),
    (e: unknown) => e instanceof ShapeError && /add: ragged operands have different row lengths: \[2, 1, 0\] and \[1, 2, 0\]/.test(e.message),
  );
  assert.throws(() => r.mul(tensor([1, 2, 3])), /mul: cannot broadcast shape \[3\] against a ragged tensor of shape \[3, None\]; use a scalar, a ragged tensor with the same rows, or one value per row with shape \[3, 1\]/);
  assert.throws(() => r.map((v) => v.sum()), /RaggedTensor\.map: the function must return a tensor with 3 rows/);
});

const splits = [0, 2, 3, 6];
const rag = (values: Tensor) => new RaggedTensor(values, splits);

test("gradients of ragged ops match finite differences", () => {
  const v = randomF64([6], 1);
  checkGrads((x) => rag(x!).sum(), [v]);
  checkGrads((x) => rag(x!).mean(), [v]);
  checkGrads((x) => rag(x!).max(), [v]);
  checkGrads((x) => rag(x!).min(), [v]);
  checkGrads((x) => rag(x!).toDense(3), [v]);
  checkGrads((x) => rag(x!).mul(rag(x!)).add(2).sum(), [v]);
  checkGrads((x, perRow) => rag(x!).sub(perRow!).map((t) => t.square()).sum(), [v, randomF64([3, 1], 2)]);
  checkGrads((d) => raggedFromDense(d!, { lengths: [2, 0, 3] }).values, [randomF64([3, 3], 3)]);
  // An inner axis and an empty row.
  const inner = (x: Tensor) => new RaggedTensor(x, [0, 2, 2, 3]);
  const w = randomF64([3, 2], 4);
  for (const f of [(r: RaggedTensor) => r.sum(), (r: RaggedTensor) => r.toDense()]) checkGrads((x) => f(inner(x!)), [w]);
  // (The max of an empty row is −Infinity, which finite differences cannot take.)
  checkGrads((x) => new RaggedTensor(x!, [0, 2, 3]).max(), [w]);
});

test("max()/min() split a tie's gradient evenly like the dense max()/min(), NaN included", () => {
  // Rows [1, 1], [5], [2, 2, 2] and the same rows padded to a dense [3, 3] with the neutral value.
  const values = [1, 1, 5, 2, 2, 2];
  const padded = (pad: number) => [[1, 1, pad], [5, pad, pad], [2, 2, 2]];
  for (const [kind, pad] of [["max", -Infinity], ["min", Infinity]] as const) {
    const [g] = grads((x) => rag(x!)[kind]().mul(tensor([1, 2, 3], "float64")).sum())(tensor(values, "float64"));
    const [dense] = grads((x) => x![kind](1).mul(tensor([1, 2, 3], "float64")).sum())(tensor(padded(pad), "float64"));
    const denseAtValues = [0, 1, 3, 6, 7, 8].map((i) => dense!.dataSync()[i]);
    assert.deepEqual(g!.arraySync(), denseAtValues, kind);
    assert.deepEqual(g!.arraySync(), [0.5, 0.5, 2, 1, 1, 1], kind);
  }
  const [withNaN] = grads((x) => rag(x!).max().sum())(tensor([NaN, 1, 5, NaN, 2, NaN], "float64"));
  const [denseNaN] = grads((x) => x!.max(1).sum())(tensor([[NaN, 1, -Infinity], [5, -Infinity, -Infinity], [NaN, 2, NaN]], "float64"));
  assert.deepEqual(withNaN!.arraySync(), [1, 0, 1, 0.5, 0, 0.5]);
  assert.deepEqual([0, 1, 3, 6, 7, 8].map((i) => denseNaN!.dataSync()[i]), withNaN!.arraySync());
});

test("second derivatives through per-row sums, padding and per-row broadcasting", () => {
  const v = randomF64([6], 7);
  checkGrads((x) => grads((y) => rag(y!).sum().square().sum())(x!)[0]!, [v]);
  checkGrads((x) => grads((y) => rag(y!).toDense().square().sum())(x!)[0]!, [v]);
  checkGrads((x) => grads((y) => rag(y!).mul(rag(y!).mean().reshape([3, 1])).sum())(x!)[0]!, [v]);
});

test("toString shows one row per line with aligned values", () => {
  assert.equal(String(ragged([[1, 2], [3], []])), "RaggedTensor float32 [3, None]\n[[1., 2.],\n [3.],\n []]");
  assert.equal(String(ragged([[1, -20], [300]], "int32")), "RaggedTensor int32 [2, None]\n[[  1, -20],\n [300]]");
  assert.equal(String(ragged([[[1, 2]], []], "int32")), "RaggedTensor int32 [2, None, 2]\n[[[1, 2]],\n []]");
  const big = String(ragged(Array.from({ length: 100 }, (_, i) => Array.from({ length: 20 }, (_, j) => i * 20 + j)), "int32"));
  assert.equal(big.split("\n").length, 1 + 7);
  assert.ok(big.includes(" ...,\n") && big.includes("[   0,    1,    2, ...,   17,   18,   19]"));
});

test("bad row splits name what was expected", () => {
  assert.throws(() => new RaggedTensor(tensor([1, 2]), [1, 2]), (e: unknown) => e instanceof ArgumentError && /ragged: row splits must start at 0, got \[1, 2\]/.test(e.message));
  assert.throws(() => new RaggedTensor(tensor([1, 2]), [0, 2, 1]), /ragged: row splits must be non-decreasing integers, got \[0, 2, 1\]/);
  assert.throws(() => new RaggedTensor(tensor([1, 2]), [0, 1]), /ragged: row splits end at 1 but there are 2 values/);
  assert.throws(() => ragged([1, 2] as never), /ragged: expected an array of rows, each an array/);
  assert.throws(() => ragged([[[1, 2]], [[3]]]), /rows have different lengths/);
  assert.throws(() => raggedFromDense(tensor([[1, 2]]), { lengths: [3] }), /raggedFromDense: lengths must be 1 integers in 0 … 2, got \[3\]/);
  assert.throws(() => raggedFromDense(tensor([1, 2])), /raggedFromDense: expected a dense tensor with at least 2 axes/);
});

test("tidy keeps a returned ragged tensor and frees the intermediates", () => {
  const before = memory().numTensors;
  const r = tidy(() => ragged([[1, 2], [3]]).add(1).mul(2));
  assert.deepEqual(r.arraySync(), [[4, 6], [8]]);
  assert.equal(memory().numTensors, before + 2);
  dispose(r);
  assert.equal(memory().numTensors, before);
});
