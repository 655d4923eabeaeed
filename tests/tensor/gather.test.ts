import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, gather, take, scatterAdd, zeros, grad, grads, ShapeError, ArgumentError, DTypeError, type Tensor } from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";
import { build, get } from "../helpers/nested.js";

test("gather picks along an axis; the indices' shape replaces it", () => {
  assert.deepEqual(gather(tensor([10, 20, 30]), [2, 0, 2]).arraySync(), [30, 10, 30]);
  assert.deepEqual(gather(tensor([10, 20, 30]), [-1, -3]).arraySync(), [30, 10]);
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(gather(x, [1]).arraySync(), [[4, 5, 6]]);
  assert.deepEqual(x.gather([2, 0], 1).arraySync(), [[3, 1], [6, 4]]);
  assert.deepEqual(x.gather([[2], [0]], -1).arraySync(), [[[3], [1]], [[6], [4]]]);
  assert.deepEqual(gather(x, 1, 1).arraySync(), [2, 5]);
  assert.deepEqual(gather(x, tensor([0, 0], "int32")).arraySync(), [[1, 2, 3], [1, 2, 3]]);
  assert.deepEqual(gather(x, []).shape, [0, 3]);
  assert.deepEqual(gather(zeros([0, 2]), [], 0).shape, [0, 2]);
  assert.deepEqual(gather(tensor([true, false]), [1, 1, 0]).arraySync(), [false, false, true]);
  const i = gather(tensor([7, 8, 9], "int32"), [2]);
  assert.equal(i.dtype, "int32");
  assert.deepEqual(i.arraySync(), [9]);
  assert.equal(gather(tensor([0.1, 0.2], "float64"), [1]).item(), 0.2);
});

test("scatterAdd adds updates at the indexed positions; repeated indices accumulate", () => {
  assert.deepEqual(scatterAdd(zeros([4]), [1, 3, 1], tensor([1, 2, 3])).arraySync(), [0, 4, 0, 2]);
  assert.deepEqual(scatterAdd(tensor([[1, 1, 1], [1, 1, 1]]), [2], tensor([[1], [2]]), 1).arraySync(), [[1, 1, 2], [1, 1, 3]]);
  assert.deepEqual(tensor([[0, 0], [0, 0]]).scatterAdd([-1, 0, -1], tensor([[1, 2], [3, 4], [5, 6]])).arraySync(), [[3, 4], [6, 8]]);
  const i = scatterAdd(tensor([1, 2], "int32"), [0, 0], tensor([5, 6], "int32"));
  assert.equal(i.dtype, "int32");
  assert.deepEqual(i.arraySync(), [12, 2]);
  assert.equal(scatterAdd(tensor([1, 2], "int32"), [0], [0.5]).dtype, "float32");
  assert.deepEqual(scatterAdd(zeros([2]), [], zeros([0])).arraySync(), [0, 0]);
  // float32 targets accumulate in float64: 1e8 + 1 (many times) does not get lost.
  const many = scatterAdd(tensor([1e8]), new Array(64).fill(0), tensor(new Array(64).fill(1)));
  assert.equal(many.item(), 1e8 + 64);
});

const gatherCase = fc.integer({ min: 1, max: 3 }).chain((rank) =>
  fc.tuple(
    fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rank, maxLength: rank }),
    fc.integer({ min: 0, max: rank - 1 }),
    fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 0, maxLength: 2 }),
    fc.integer({ min: 1, max: 1000 }),
  ),
);

test("property: gather matches a nested-array reference; scatterAdd is its adjoint", () => {
  fc.assert(
    fc.property(gatherCase, ([shape, axis, indexShape, seed]) => {
      const x = randomF64(shape, seed);
      const n = shape[axis]!;
      const indices = build(indexShape, (i) => ((seed + 7 * i.reduce((a, b) => a * 3 + b, 1)) % (2 * n)) - n) as number[];
      const y = gather(x, indices, axis);
      const r = indexShape.length;
      const expected = build(y.shape as number[], (o) => {
        const j = get(indices, o.slice(axis, axis + r)) as number;
        return get(x.arraySync(), [...o.slice(0, axis), j < 0 ? j + n : j, ...o.slice(axis + r)]);
      });
      assert.deepEqual(y.arraySync(), expected);
      // <gather(x), u> = <x, scatterAdd(0, u)> for every u: the defining property of the adjoint.
      const u = randomF64(y.shape as number[], seed + 1);
      const lhs = y.mul(u).sum().item();
      const rhs = x.mul(scatterAdd(zeros(shape, "float64"), indices, u, axis)).sum().item();
      assertClose(lhs, rhs, 1e-12);
    }),
  );
});

test("gradients of gather and scatterAdd match finite differences", () => {
  const cases: [number[], unknown, number][] = [[[4], [0, 2, 2, -1], 0], [[2, 3], [[1, 1], [0, 2]], 1], [[3, 1, 2], [2], 0], [[2, 2], [], 1], [[1, 3], [0], 0]];
  cases.forEach(([shape, indices, axis], k) => {
    const x = randomF64(shape, k + 1);
    const outShape = gather(x, indices as number[], axis).shape as number[];
    checkGrads((t) => gather(t!, indices as number[], axis).mul(randomF64(outShape, 20 + k)), [x]);
    checkGrads((t, u) => scatterAdd(t!, indices as number[], u!, axis).mul(randomF64(shape, 30 + k)), [x, randomF64(outShape, 40 + k)]);
  });
});

test("second derivatives flow through gather and scatterAdd", () => {
  const f = (x: Tensor) => gather(x, [0, 2, 2]).square().mul(gather(x, [1, 1, 0])).sum();
  checkGrads((x) => grad(f)(x!), [randomF64([3], 5)], { tolerance: 1e-5 });
  const g = (x: Tensor) => scatterAdd(x, [1, 1], x.slice(0, 2)).square().square().sum();
  checkGrads((x) => grad(g)(x!), [randomF64([3], 6)], { tolerance: 1e-5 });
  // The gradient with respect to updates, differentiated again with respect to x.
  const h = (x: Tensor) => grads((a, u) => scatterAdd(a!, [0, 0], u!).square().sum())(x, x.slice(0, 2))[1]!;
  checkGrads((x) => h(x!), [randomF64([2], 7)], { tolerance: 1e-5 });
});

test("take follows NumPy: from the flattened tensor without an axis, like gather with one", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  // np.take(x, [5, 0, 4]) reads the row-major flat values.
  assert.deepEqual(take(x, [5, 0, 4]).arraySync(), [6, 1, 5]);
  assert.deepEqual(take(x, [[0, -1]]).arraySync(), [[1, 6]]);
  assert.deepEqual(x.take([2, 0], 1).arraySync(), [[3, 1], [6, 4]]);
  assert.deepEqual(take(x, [1], 0).arraySync(), [[4, 5, 6]]);
  // The gradient of sum(take(x, i)) counts how often each flat position was taken.
  const g = grad((t) => take(t, [1, 1, 3]).sum())(tensor([[0, 0], [0, 0]], "float64"));
  assert.deepEqual(g.arraySync(), [[0, 2], [0, 1]]);
  assert.throws(() => take(x, [6]), (e: unknown) => e instanceof ArgumentError && /gather: index 6 .* out of range for axis 0 of length 6/.test((e as Error).message));
});

test("bad arguments name the op and what was expected", () => {
  const throwsLike = (f: () => unknown, type: Function, pattern: RegExp) => assert.throws(f, (e: unknown) => e instanceof type && pattern.test((e as Error).message));
  const x = zeros([2, 3]);
  throwsLike(() => gather(x, [3], 1), ArgumentError, /gather: index 3 \(at flat position 0 of the indices\) is out of range for axis 1 of length 3 in \[2, 3\] \(expected -3 … 2\)/);
  throwsLike(() => gather(x, [0, -3]), ArgumentError, /gather: index -3 \(at flat position 1 of the indices\) is out of range for axis 0 of length 2/);
  throwsLike(() => gather(x, tensor([0, 1])), DTypeError, /gather: indices must be int32, got float32 \(shape \[2\]\); cast\(\) them/);
  throwsLike(() => gather(x, [0.5]), DTypeError, /gather: indices must be integers, got 0.5/);
  throwsLike(() => gather(x, [0], 2), ArgumentError, /gather: axis 2 is out of range for a tensor of rank 2/);
  throwsLike(() => gather(tensor(1), [0]), ShapeError, /gather: cannot index a scalar/);
  throwsLike(() => scatterAdd(x, [0], zeros([2, 2]), 1), ShapeError, /scatterAdd: updates have shape \[2, 2\], expected \[2, 1\] \(x \[2, 3\] with indices \[1\] along axis 1\)/);
  throwsLike(() => scatterAdd(x, [5], zeros([1, 3])), ArgumentError, /scatterAdd: index 5 .* out of range for axis 0 of length 2/);
  throwsLike(() => scatterAdd(tensor([true]), [0], tensor([true])), DTypeError, /scatterAdd: cannot add into a bool tensor/);
});
