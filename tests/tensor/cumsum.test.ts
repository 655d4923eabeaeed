import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, grad, cumsum, sum, zeros, ArgumentError } from "../../kernel/src/index.js";
import { linearRecurrence, shiftAlongAxis } from "../../kernel/src/tensor/ops/cumsum.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";
import { referenceAlongAxis } from "../helpers/reduce-reference.js";

/** Running sum of a line by hand: inclusive or exclusive, from the front or the back. */
function cumsumLine(line: number[], exclusive: boolean, reverse: boolean): number[] {
  const order = reverse ? [...line].reverse() : line;
  let total = 0;
  const out = order.map((v) => {
    const before = total;
    total += v;
    return exclusive ? before : total;
  });
  return reverse ? out.reverse() : out;
}

const cases: [number[], number[]][] = [
  [[5], [0, -1]],
  [[2, 3], [0, 1, -1]],
  [[3, 1, 4], [0, 1, 2]],
  [[2, 3, 2, 1], [1, -2, 3]],
];
const flags = [
  { exclusive: false, reverse: false },
  { exclusive: true, reverse: false },
  { exclusive: false, reverse: true },
  { exclusive: true, reverse: true },
];

test("cumsum matches a hand-written reference for every axis, exclusive and reverse", () => {
  cases.forEach(([shape, axes], k) => {
    const x = randomF64(shape, 3 + k);
    for (const axis of axes) {
      for (const options of flags) {
        const expected = referenceAlongAxis(x.dataSync(), shape, axis, (line) => cumsumLine(line, options.exclusive, options.reverse));
        const actual = cumsum(x, axis, options);
        assert.deepEqual(actual.shape, shape);
        assertClose(Array.from(actual.dataSync()), expected, 1e-12, `axis ${axis} ${JSON.stringify(options)}`);
      }
    }
  });
  assert.deepEqual(cumsum(tensor([1, 2, 3])).arraySync(), [1, 3, 6]);
  assert.deepEqual(cumsum(tensor([1, 2, 3]), 0, { exclusive: true }).arraySync(), [0, 1, 3]);
  assert.deepEqual(cumsum(tensor([1, 2, 3]), 0, { reverse: true }).arraySync(), [6, 5, 3]);
  assert.deepEqual(cumsum(tensor([1, 2, 3]), 0, { exclusive: true, reverse: true }).arraySync(), [5, 3, 0]);
  assert.deepEqual(cumsum(tensor([[1, 2], [3, 4]])).arraySync(), [[1, 2], [4, 6]]); // default axis 0, as TF
});

test("dtypes: int32 stays int32, bool counts as int32, float32 sums accumulate in float64", () => {
  const ints = cumsum(tensor([1, 2, 3], "int32"));
  assert.equal(ints.dtype, "int32");
  assert.deepEqual(ints.arraySync(), [1, 3, 6]);
  const bools = cumsum(tensor([true, false, true]));
  assert.equal(bools.dtype, "int32");
  assert.deepEqual(bools.arraySync(), [1, 1, 2]);
  // 1e4 then 1000 × 1e-4: each step is below half a float32 ulp of 1e4, so a float32 running
  // sum would stay at 1e4; the float64 accumulator reaches 1e4 + 0.1.
  const small = cumsum(tensor(new Float32Array(1001).fill(1e-4).map((v, i) => (i === 0 ? 1e4 : v))));
  assertClose(small.dataSync()[1000]!, Math.fround(1e4 + 0.1), 1e-7);
});

test("empty tensors and size-1 axes", () => {
  assert.deepEqual(cumsum(zeros([0, 3]), 0).shape, [0, 3]);
  assert.deepEqual(cumsum(zeros([2, 0]), 1).shape, [2, 0]);
  assert.deepEqual(cumsum(tensor([[7, 8]]), 0).arraySync(), [[7, 8]]);
  assert.deepEqual(cumsum(tensor([[7, 8]]), 0, { exclusive: true }).arraySync(), [[0, 0]]);
});

test("gradients of cumsum match finite differences (and second derivatives go through)", () => {
  cases.forEach(([shape, axes], k) => {
    const x = randomF64(shape, 13 + k);
    const w = randomF64(shape, 17 + k);
    for (const axis of axes) {
      for (const options of flags) checkGrads((t) => cumsum(t!, axis, options).mul(w), [x]);
    }
  });
  const x = randomF64([2, 3], 5);
  const w = randomF64([2, 3], 6);
  checkGrads((t) => grad((s) => cumsum(s, 1).mul(cumsum(s, 1, { reverse: true })).sum())(t!).mul(w), [x], { tolerance: 1e-5 });
});

test("the building blocks of prod's gradient: shiftAlongAxis and linearRecurrence", () => {
  assert.deepEqual(shiftAlongAxis(tensor([1, 2, 3]), 0, 1).arraySync(), [0, 1, 2]);
  assert.deepEqual(shiftAlongAxis(tensor([[1, 2], [3, 4]]), 0, -1).arraySync(), [[3, 4], [0, 0]]);
  // h[k] = a[k]·h[k−1] + b[k]: a running product of [2, 3] seeded with 1.
  assert.deepEqual(linearRecurrence(tensor([0, 2, 3]), tensor([1, 0, 0]), 0, false).arraySync(), [1, 2, 6]);
  assert.deepEqual(linearRecurrence(tensor([5, 1, 7]), tensor([1, 1, 1]), 0, true).arraySync(), [1 + 5 * (1 + 1 * 1), 1 + 1 * 1, 1]);
  for (const [shape, axis] of [[[4], 0], [[2, 3], 1], [[3, 2, 2], 0], [[2, 1, 3], 2]] as [number[], number][]) {
    const a = randomF64(shape, shape.length + 1);
    const b = randomF64(shape, shape.length + 2);
    const w = randomF64(shape, shape.length + 3);
    for (const reverse of [false, true]) {
      checkGrads((p, q) => linearRecurrence(p!, q!, axis, reverse).mul(w), [a, b]);
      for (const offset of [1, -1] as const) checkGrads((p) => shiftAlongAxis(p!, axis, offset).mul(w), [a]);
      // Its gradient is another recurrence, so second derivatives work as well.
      checkGrads(
        (p, q) => grad((s) => linearRecurrence(s, q!, axis, reverse).mul(linearRecurrence(s, q!, axis, reverse)).mul(w).sum())(p!).mul(q!),
        [a, b],
        { tolerance: 1e-5 },
      );
    }
  }
});

test("a bad axis names the op and the valid range; scalars are refused", () => {
  assert.throws(
    () => cumsum(zeros([2, 3]), 2),
    (e: unknown) => e instanceof ArgumentError && e.message.startsWith("cumsum: axis 2 is out of range for a tensor of rank 2 (expected -2 … 1)") && /cumsum\.test\.ts:\d+/.test(e.message),
  );
  assert.throws(() => cumsum(zeros([2, 3]), -3), /cumsum: axis -3 is out of range/);
  assert.throws(() => cumsum(tensor(3)), (e: unknown) => e instanceof ArgumentError && e.message.startsWith("cumsum: needs a tensor of rank ≥ 1"));
});

test("chainable method", () => {
  const x = randomF64([2, 3], 4);
  assert.deepEqual(x.cumsum(0).arraySync(), cumsum(x, 0).arraySync());
  assert.deepEqual(x.cumsum(-1, { reverse: true }).arraySync(), cumsum(x, 1, { reverse: true }).arraySync());
});

test("property: the last running sum is the sum; exclusive + x = inclusive; reverse = total − exclusive", () => {
  const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
  fc.assert(
    fc.property(shapeArb, fc.integer({ min: 1, max: 1e6 }), fc.nat(), (shape, seed, pick) => {
      const axis = pick % shape.length;
      const x = randomF64(shape, seed);
      const inclusive = cumsum(x, axis);
      const exclusive = cumsum(x, axis, { exclusive: true });
      assertClose(Array.from(exclusive.add(x).dataSync()), Array.from(inclusive.dataSync()), 1e-12);
      const total = sum(x, axis, true);
      assertClose(Array.from(cumsum(x, axis, { reverse: true }).dataSync()), Array.from(total.sub(exclusive).dataSync()), 1e-12);
      const last = referenceAlongAxis(inclusive.dataSync(), shape, axis, (line) => line.map(() => line[line.length - 1]!));
      assertClose(last, Array.from(total.broadcastTo(shape).dataSync()), 1e-12);
    }),
    { numRuns: 60 },
  );
});
