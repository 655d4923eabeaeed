import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, concat, stack, split, unstack, zeros, grad, ShapeError, ArgumentError, type Tensor } from "../../kernel/src/index.js";
import { checkGrads, randomF64 } from "../helpers/gradcheck.js";
import { build, get } from "../helpers/nested.js";

test("concat joins along an axis", () => {
  const a = tensor([[1, 2], [3, 4]]);
  const b = tensor([[5], [6]]);
  assert.deepEqual(concat([a, b], 1).arraySync(), [[1, 2, 5], [3, 4, 6]]);
  assert.deepEqual(concat([a, b], -1).arraySync(), [[1, 2, 5], [3, 4, 6]]);
  assert.deepEqual(concat([a, tensor([[7, 8]])]).arraySync(), [[1, 2], [3, 4], [7, 8]]);
  assert.deepEqual(a.concat(tensor([[0, 0]])).arraySync(), [[1, 2], [3, 4], [0, 0]]);
  assert.deepEqual(tensor([1]).concat([tensor([2]), tensor([3, 4])]).arraySync(), [1, 2, 3, 4]);
  assert.deepEqual(concat([zeros([2, 0]), a, zeros([2, 0])], 1).arraySync(), [[1, 2], [3, 4]]);
  assert.deepEqual(concat([zeros([0, 3]), zeros([0, 2])], 1).shape, [0, 5]);
});

test("concat and stack promote dtypes and keep int32 and bool", () => {
  const c = concat([tensor([1, 2], "int32"), tensor([0.5])]);
  assert.equal(c.dtype, "float32");
  assert.deepEqual(c.arraySync(), [1, 2, 0.5]);
  const i = concat([tensor([1], "int32"), tensor([-2, 3], "int32")]);
  assert.equal(i.dtype, "int32");
  assert.deepEqual(i.arraySync(), [1, -2, 3]);
  assert.deepEqual(concat([tensor([true]), tensor([false, true])]).arraySync(), [true, false, true]);
  assert.deepEqual(stack([tensor([true, false]), tensor([false, false])], 1).arraySync(), [[true, false], [false, false]]);
  assert.equal(stack([tensor([1], "float64"), tensor([2], "int32")]).dtype, "float64");
});

test("stack, split and unstack", () => {
  assert.deepEqual(stack([tensor([1, 2]), tensor([3, 4])]).arraySync(), [[1, 2], [3, 4]]);
  assert.deepEqual(stack([tensor([1, 2]), tensor([3, 4])], 1).arraySync(), [[1, 3], [2, 4]]);
  assert.deepEqual(stack([tensor([1, 2]), tensor([3, 4])], -1).arraySync(), [[1, 3], [2, 4]]);
  assert.deepEqual(stack([tensor(1), tensor(2)]).arraySync(), [1, 2]);
  const x = tensor([[1, 2, 3, 4], [5, 6, 7, 8]]);
  assert.deepEqual(split(x, 2, 1).map((t) => t.arraySync()), [[[1, 2], [5, 6]], [[3, 4], [7, 8]]]);
  assert.deepEqual(x.split([1, 3], -1).map((t) => t.arraySync()), [[[1], [5]], [[2, 3, 4], [6, 7, 8]]]);
  assert.deepEqual(x.split([-1, 1], 1).map((t) => t.shape), [[2, 3], [2, 1]]);
  assert.deepEqual(split(x, [0, 2, 0]).map((t) => t.shape), [[0, 4], [2, 4], [0, 4]]);
  assert.deepEqual(unstack(x).map((t) => t.arraySync()), [[1, 2, 3, 4], [5, 6, 7, 8]]);
  assert.deepEqual(x.unstack(1).map((t) => t.arraySync()), [[1, 5], [2, 6], [3, 7], [4, 8]]);
  assert.deepEqual(unstack(tensor([1, 2])).map((t) => t.arraySync()), [1, 2]);
  assert.deepEqual(unstack(zeros([0, 3])), []);
});

/** Σ_i (i+1) · Σ w_i · part_i: every part (and its position) matters for the gradient. */
function weigh(parts: Tensor[]): Tensor {
  return parts.map((p, i) => p.mul(randomF64(p.shape as number[], 70 + i)).sum()).reduce((a, b) => a.add(b));
}

test("gradients of concat, stack, split and unstack match finite differences", () => {
  const cases: [number[][], number][] = [[[[2, 3], [2, 1]], 1], [[[1, 2], [3, 2], [0, 2]], 0], [[[2, 1, 2], [2, 2, 2]], -2]];
  cases.forEach(([shapes, axis], k) => {
    const xs = shapes.map((s, i) => randomF64(s, 10 * k + i + 1));
    checkGrads((...ts) => concat(ts, axis).mul(randomF64(concat(xs, axis).shape as number[], 3)), xs);
  });
  checkGrads((a, b) => stack([a!, b!], 1).mul(randomF64([2, 2, 3], 5)), [randomF64([2, 3], 1), randomF64([2, 3], 2)]);
  for (const [shape, sizes, axis] of [[[5, 2], [2, 3], 0], [[2, 6], 3, 1], [[1, 4], [1, 0, 3], -1]] as [number[], number | number[], number][]) {
    checkGrads((x) => weigh(split(x!, sizes, axis)), [randomF64(shape, 4)]);
    // Only one part used: the others' gradients are zeros.
    checkGrads((x) => split(x!, sizes, axis).at(-1)!.square(), [randomF64(shape, 6)]);
  }
  checkGrads((x) => weigh(unstack(x!, 1)), [randomF64([2, 3, 2], 8)]);
  checkGrads((x) => weigh(unstack(x!, 0)), [randomF64([1, 3], 8)]);
});

test("second derivatives flow through concat and split", () => {
  const f = (x: Tensor) => {
    const [a, b] = split(x, [1, 2]);
    return concat([b!, a!]).square().mul(concat([a!, b!])).mul(tensor([1, 2, 3], "float64")).sum();
  };
  checkGrads((x) => grad(f)(x!), [randomF64([3], 2)], { tolerance: 1e-5 });
});

const concatCase = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }))
  .chain(([rank, parts]) =>
    fc.tuple(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: rank, maxLength: rank }),
      fc.integer({ min: 0, max: rank - 1 }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: parts, maxLength: parts }),
      fc.integer({ min: 1, max: 1000 }),
    ),
  );

test("property: concat matches a nested-array reference and split undoes it", () => {
  fc.assert(
    fc.property(concatCase, ([shape, axis, lengths, seed]) => {
      const xs = lengths.map((n, i) => randomF64(shape.map((d, k) => (k === axis ? n : d)), seed + i));
      const joined = concat(xs, axis);
      const offsets = lengths.map((_, i) => lengths.slice(0, i).reduce((a, b) => a + b, 0));
      const total = lengths.reduce((a, b) => a + b, 0);
      const expected = build(
        shape.map((d, k) => (k === axis ? total : d)),
        (index) => {
          const part = offsets.findLastIndex((o, i) => index[axis]! >= o && lengths[i]! > 0);
          return get(xs[part]!.arraySync(), index.map((v, k) => (k === axis ? v - offsets[part]! : v)));
        },
      );
      assert.deepEqual(joined.arraySync(), expected);
      assert.deepEqual(split(joined, lengths, axis).map((t) => t.arraySync()), xs.map((t) => t.arraySync()));
    }),
  );
});

test("property: stack/unstack round trips", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 3 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 0, max: 3 }),
      (shape, count, axisSeed) => {
        const axis = axisSeed % (shape.length + 1);
        const xs = Array.from({ length: count }, (_, i) => randomF64(shape, i + 1));
        const stacked = stack(xs, axis);
        assert.deepEqual(stacked.shape, [...shape.slice(0, axis), count, ...shape.slice(axis)]);
        assert.deepEqual(unstack(stacked, axis).map((t) => t.arraySync()), xs.map((t) => t.arraySync()));
        if (shape.length > 0 && shape[0]! > 0) {
          const x = xs[0]!;
          assert.deepEqual(stack(unstack(x, 0), 0).arraySync(), x.arraySync());
        }
      },
    ),
  );
});

test("bad arguments name the op and what was expected", () => {
  const throwsLike = (f: () => unknown, type: Function, pattern: RegExp) => assert.throws(f, (e: unknown) => e instanceof type && pattern.test((e as Error).message));
  throwsLike(() => concat([zeros([2, 3]), zeros([3, 3])], 1), ShapeError, /concat: tensor 1 has shape \[3, 3\] but tensor 0 has \[2, 3\]; all shapes must match except along axis 1/);
  throwsLike(() => concat([zeros([2, 3]), zeros([2])]), ShapeError, /concat: tensor 1 has shape \[2\] but tensor 0 has \[2, 3\]/);
  throwsLike(() => concat([zeros([2]), zeros([2])], 1), ArgumentError, /concat: axis 1 is out of range for a tensor of rank 1/);
  throwsLike(() => concat([tensor(1), tensor(2)]), ShapeError, /concat: cannot concatenate scalars.*use stack\(\)/);
  throwsLike(() => concat([]), ArgumentError, /concat: expected a non-empty list of tensors/);
  throwsLike(() => stack([zeros([2]), zeros([3])]), ShapeError, /stack: tensor 1 has shape \[3\] but tensor 0 has \[2\]; all must have the same shape/);
  throwsLike(() => stack([zeros([2])], 2), ArgumentError, /stack: axis 2 is out of range for stacking tensors of rank 1 \(expected -2 … 1\)/);
  throwsLike(() => split(zeros([5]), 2), ShapeError, /split: axis 0 of \[5\] has length 5, which 2 equal parts cannot divide/);
  throwsLike(() => split(zeros([5]), [2, 2]), ShapeError, /split: sizes \[2,2\] add up to 4, but axis 0 of \[5\] has length 5/);
  throwsLike(() => split(zeros([5]), [-1, -1]), ArgumentError, /split: at most one size may be -1/);
  throwsLike(() => split(zeros([5]), 0), ArgumentError, /split: the number of parts must be a positive integer, got 0/);
  throwsLike(() => unstack(zeros([2]), 1), ArgumentError, /unstack: axis 1 is out of range/);
  throwsLike(() => unstack(tensor(3)), ShapeError, /unstack: cannot unstack a scalar/);
});
